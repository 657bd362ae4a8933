// Layering probe (CMakeLists.txt): compiled with rules/core's include root, it includes a k8s
// header, which core must not see; configuring fails if this ever compiles.
#include "rules/core/json_pointer.hpp"
#include "rules/k8s/workload.hpp"

std::string probe() {
  return jobwarden::core::join_pointer("", "a");
}
