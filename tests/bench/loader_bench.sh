#!/bin/sh
# Builds tests/bench/loader_bench.cpp against the loader sources (Release flags) and times it
# on a generated stream of small Job documents.
#   tests/bench/loader_bench.sh [MB] [FILE]
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
mb=${1:-50}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
g++ -std=c++20 -O2 -DNDEBUG -I"$root" \
  "$root/tests/bench/loader_bench.cpp" "$root/rules/core/loader.cpp" \
  "$root/rules/core/json_pointer.cpp" "$root/rules/core/source_map.cpp" \
  -lyaml-cpp -o "$work/loader_bench"
file=${2:-$work/jobs.yaml}
[ -f "$file" ] || "$work/loader_bench" --generate "$file" "$mb"
"$work/loader_bench" "$file"
