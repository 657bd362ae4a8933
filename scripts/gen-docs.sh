#!/usr/bin/env bash
# Regenerates docs/rules.md from the rules' metadata. Run it after adding or changing a rule;
# tests/docs/docs_test.cpp fails while the committed file is stale.
# Usage: scripts/gen-docs.sh [BUILD_DIR]   (default: build; the `jobwarden` target is built first)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build}
if [ ! -f "$build_dir/CMakeCache.txt" ]; then
  cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release
fi
cmake --build "$build_dir" --target jobwarden -j"$(nproc)"
tmp=$(mktemp docs/rules.md.XXXXXX)
trap 'rm -f "$tmp"' EXIT
"$build_dir/jobwarden" rules --format markdown > "$tmp"
chmod 644 "$tmp"
mv "$tmp" docs/rules.md
trap - EXIT
echo "wrote docs/rules.md ($(grep -c '^## ' docs/rules.md) rules)"
