#pragma once

#include <nlohmann/json.hpp>

namespace jobwarden::core {

// One member that API-server defaulting wrote into an object (k8s::ScopedDefaults makes them):
// `key` of `object`, now at `member`; what it held before (`existed` false: it was absent).
// Rules read these through CheckContext::as_written to tell "not set" from "set to the default".
struct DefaultedMember {
  nlohmann::json* object;
  const char* key;
  bool existed;
  nlohmann::json previous;
  const nlohmann::json* member;
};

}  // namespace jobwarden::core
