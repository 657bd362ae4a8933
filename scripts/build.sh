#!/usr/bin/env bash
# Release build of jobwarden into build/ (binaries: build/jobwarden, and build/jobwarden-serve,
# which `jobwarden serve` runs from the same directory).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$(nproc)"
