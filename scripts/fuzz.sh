#!/usr/bin/env bash
# Runs one libFuzzer target for SECONDS (default 30): scripts/fuzz.sh TARGET [SECONDS]
# TARGET: yaml_loader | yaml_fast | admission_review | config | fix_text | http_framer | all
# Builds build-fuzz/ with clang-14 (-DJOBWARDEN_FUZZ=ON), seeds the corpus from the test fixtures
# (tests/fuzz/corpus/TARGET/ keeps what the fuzzer finds), and fails on any crash, leak, timeout
# or sanitizer report; the input that caused it is left in build-fuzz/artifacts/ (make it a
# regression test in tests/fuzz/regressions/TARGET/, which every run replays first).
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: scripts/fuzz.sh TARGET [SECONDS]}
seconds=${2:-30}
targets=(yaml_loader yaml_fast admission_review config fix_text http_framer)
if [[ $target == all ]]; then
  for t in "${targets[@]}"; do "$0" "$t" "$seconds"; done
  exit 0
fi
[[ " ${targets[*]} " == *" $target "* ]] || { echo "fuzz.sh: unknown target $target" >&2; exit 2; }

if ! command -v clang++-14 >/dev/null || ! ls /usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
  sudo=""; [[ $(id -u) -ne 0 ]] && sudo=sudo
  $sudo apt-get install -y --no-install-recommends clang-14 libclang-rt-14-dev >/dev/null
fi
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-14 \
  -DJOBWARDEN_FUZZ=ON -DJOBWARDEN_TESTS=OFF "${launcher[@]}" >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target "fuzz_$target" >/dev/null

seeds=build-fuzz/seeds/$target
corpus=build-fuzz/corpus/$target
rm -rf "$seeds"; mkdir -p "$seeds" "$corpus" build-fuzz/artifacts
case $target in
  yaml_loader|yaml_fast|fix_text)
    find tests/rules tests/data examples -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) \
      -size -64k -exec cp --backup=numbered -t "$seeds" {} + ;;
  config)
    find tests examples -type f -name '*.jobwarden.yaml' -size -64k -exec cp --backup=numbered -t "$seeds" {} + 2>/dev/null || true
    find tests/rules -type f -name 'config.yaml' -size -64k -exec cp --backup=numbered -t "$seeds" {} + ;;
  admission_review)
    find tests/webhook/data tests/data -type f -name '*.json' -size -256k -exec cp --backup=numbered -t "$seeds" {} + 2>/dev/null || true ;;
  http_framer)
    printf '\x05POST /validate HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n{}' > "$seeds/length"
    printf '\x03POST /v HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\nX: y\r\n\r\nGET / HTTP/1.0\r\n\r\n' > "$seeds/chunked" ;;
esac
regressions=tests/fuzz/regressions/$target
if [[ -d $regressions ]] && compgen -G "$regressions/*" >/dev/null; then
  echo "== fuzz $target: replaying $(ls "$regressions" | wc -l) regression inputs"
  "build-fuzz/fuzz_$target" -rss_limit_mb=2048 -timeout=10 "$regressions"/* >/dev/null 2>&1 ||
    { echo "fuzz.sh: a regression input of $target fails again" >&2; exit 1; }
fi
echo "== fuzz $target for ${seconds}s ($(ls "$seeds" | wc -l) seeds)"
"build-fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -max_len=65536 -print_final_stats=1 -artifact_prefix=build-fuzz/artifacts/"$target"- \
  "$corpus" "$seeds" 2>build-fuzz/fuzz_"$target".log ||
  { tail -50 build-fuzz/fuzz_"$target".log >&2; exit 1; }
grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' build-fuzz/fuzz_"$target".log | tr '\n' ' '
echo
