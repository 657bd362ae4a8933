#!/bin/sh
# Builds the loader_bench target (Release build dir) and times it on a generated stream of small
# Job documents.
#   tests/bench/loader_bench.sh [MB] [FILE] [BUILD_DIR]      (defaults: 50, generated, build)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
mb=${1:-50}
build=${3:-$root/build}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --build "$build" --target loader_bench >/dev/null
file=${2:-$work/jobs.yaml}
[ -f "$file" ] || "$build/loader_bench" --generate "$file" "$mb"
"$build/loader_bench" "$file"
