// Layering probe (CMakeLists.txt): compiled with rules/core's include root; must compile.
#include "rules/core/json_pointer.hpp"

std::string probe() {
  return jobwarden::core::join_pointer("", "a");
}
