// libFuzzer target: the YAML/JSON loader (rules/core/loader) on arbitrary bytes. Any crash,
// sanitizer report, leak or timeout is a bug; errors are expected and fine.
#include <cstddef>
#include <cstdint>
#include <string>

#include "rules/core/loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace jobwarden::core;
  auto file = source_from_text("fuzz.yaml", std::string(reinterpret_cast<const char*>(data), size));
  std::size_t documents = 0;
  LoadLimits limits;
  limits.max_alias_nodes = 100'000;  // keeps each run fast; the bound itself is what is tested
  (void)parse_documents(
      file, [&](std::shared_ptr<const Document>) { ++documents; }, limits);
  return 0;
}
