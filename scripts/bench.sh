#!/usr/bin/env bash
# Every benchmark (issue 10) in one run: builds the Release binary and the bench targets
# (tests/bench/), then prints each result beside the baseline measured in the same run, and a
# table at the end (docs/performance.md records one).
#   scripts/bench.sh [--quick] [--only lint,rules,scaling,startup,webhook]
# Needs wrk and openssl for the webhook part (scripts/install-test-tools.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${JOBWARDEN_BENCH_BUILD:-build}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j"$(nproc)" --target benchmarks >/dev/null
exec python3 tests/bench/bench.py "$build" "$@"
