#!/usr/bin/env bash
# Installs the Debian (bookworm) packages jobwarden needs to build and test.
# Idempotent: when every package is already installed it does nothing (no network).
# Uses sudo only when not running as root.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libyaml-cpp-dev nlohmann-json3-dev catch2 libcpp-httplib-dev libssl-dev openssl
  python3 python3-jsonpatch pre-commit git
)

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
  if [[ "$status" != "installed" ]]; then
    missing+=("$package")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#packages[@]} packages are installed"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo_cmd=(sudo)
  else
    echo "install-deps: not root and sudo is not available; install as root: apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update
"${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
