// libFuzzer target: the loader's fast path (rules/core/yaml_fast.cpp) against yaml-cpp. For every
// input the fast path takes, its events and marks must be yaml-cpp's (and yaml-cpp must accept
// it); anything else is a bug and aborts with both event lists.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "tests/support/yaml_events.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // The loader parses only text that passed its checks (valid UTF-8, no control characters).
  if (jobwarden::core::loader_internal::check_text(text, 0)) return 0;
  const std::string fast = jobwarden::testing::fast_path_events(text);
  if (fast == "declined") return 0;
  const std::string expected = jobwarden::testing::yaml_cpp_events(text);
  if (fast != expected) {
    std::fprintf(stderr, "fast path:\n%s\nyaml-cpp:\n%s\n", fast.c_str(), expected.c_str());
    std::abort();
  }
  return 0;
}
