// libFuzzer target: the .jobwarden.yaml config loader on arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "rules/engine/config.hpp"
#include "rules/core/loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace jobwarden::core;
  auto file =
      source_from_text(".jobwarden.yaml", std::string(reinterpret_cast<const char*>(data), size));
  ConfigResult result = parse_config(file);
  if (result.error) (void)result.error->display();
  return 0;
}
