#!/bin/sh
# Times `jobwarden lint` on a generated stream of Job documents against a baseline measured in
# the same run: the loader alone (yaml-cpp events -> JSON + SourceMap, tests/bench/loader_bench).
# Prints the median of 3 runs of each and their ratio (engine + rules + report overhead).
#   tests/bench/lint_bench.sh [MB] [BUILD_DIR]      (defaults: 20, build)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
mb=${1:-20}
build=${2:-$root/build}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --build "$build" --target jobwarden loader_bench >/dev/null
"$build/loader_bench" --generate "$work/jobs.yaml" "$mb" >/dev/null

median3() {  # runs "$@" three times, prints the median wall time in seconds
  for _ in 1 2 3; do
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s.%N)
    awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f\n", b - a }'
  done | sort -n | sed -n 2p
}
base=$(median3 "$build/loader_bench" "$work/jobs.yaml")
lint=$(median3 "$build/jobwarden" lint --fail-on never "$work/jobs.yaml")
echo "input: ${mb} MB of Job documents"
echo "loader only (baseline): ${base} s (median of 3)"
echo "jobwarden lint:         ${lint} s (median of 3)"
echo "ratio lint/baseline:    $(awk -v a="$lint" -v b="$base" 'BEGIN { printf "%.2f", a / b }')"
