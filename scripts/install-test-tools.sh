#!/usr/bin/env bash
# Installs what the webhook and Helm chart tests need beyond the build dependencies of
# scripts/install-deps.sh: helm (tests/charts), wrk (tests/bench/webhook_bench.sh),
# python3-jsonpatch (an independent RFC 6902 implementation for the /mutate tests) and the
# openssl CLI (test certificates). Idempotent and quick when everything is present; uses sudo
# only when not running as root. helm comes from ../shared/tools/install-helm.sh (never used at
# run time by jobwarden itself).
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

packages=(wrk python3 python3-jsonpatch openssl)
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

if command -v helm >/dev/null 2>&1 && helm version >/dev/null 2>&1; then
  echo "install-test-tools: helm present ($(helm version --short 2>/dev/null || echo unknown))"
else
  installer=../shared/tools/install-helm.sh
  if [[ ! -f "$installer" ]]; then
    echo "install-test-tools: helm is missing and $installer does not exist" >&2
    exit 1
  fi
  echo "install-test-tools: installing helm with $installer"
  "${sudo_cmd[@]}" bash "$installer"
fi
