// libFuzzer target: the loader's fast path (rules/core/yaml_fast.cpp) against yaml-cpp. For every
// input the fast path takes whole, its events and marks must be yaml-cpp's; and for every input,
// the loader's events (the fast path for the documents it takes, yaml-cpp for the others) must
// be those of yaml-cpp over the whole text, error included. Anything else aborts with both lists.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "tests/support/yaml_events.hpp"

namespace {
void require_equal(const char* what, const std::string& actual, const std::string& expected) {
  if (actual == expected) return;
  std::fprintf(stderr, "%s:\n%s\nyaml-cpp:\n%s\n", what, actual.c_str(), expected.c_str());
  std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace jobwarden::testing;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // The loader parses only text that passed its checks (valid UTF-8, no control characters).
  if (jobwarden::core::loader_internal::check_text(text, 0)) return 0;
  require_equal("loader", loader_events(text, true), loader_events(text, false));
  const std::string fast = fast_path_events(text);
  if (fast != "declined") require_equal("fast path", fast, yaml_cpp_events(text));
  return 0;
}
