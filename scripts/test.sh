#!/usr/bin/env bash
# README command 2: install dependencies, then build and run every test twice:
# a Release build (build/) and an AddressSanitizer + UndefinedBehaviorSanitizer Debug
# build (build-asan/). Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

scripts/install-deps.sh
scripts/install-test-tools.sh

echo "== Release build and tests (build/)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"

echo "== ASan+UBSan Debug build and tests (build-asan/)"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DJOBWARDEN_SANITIZE=ON
cmake --build build-asan -j"$jobs"
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --test-dir build-asan --output-on-failure -j"$jobs"

echo "== webhook soak, short version (scripts/soak.sh 300 for the full 5 minutes)"
scripts/soak.sh 20

echo "== fuzzing, a short run of each target (scripts/fuzz.sh TARGET SECONDS for longer)"
for target in yaml_loader yaml_fast admission_review config fix_text http_framer; do
  scripts/fuzz.sh "$target" 20
done

echo "== all tests passed (Release, ASan+UBSan, soak, fuzzing)"
