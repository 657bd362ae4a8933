#!/usr/bin/env bash
# Release build of jobwarden into build/ (binary: build/jobwarden).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$(nproc)"
