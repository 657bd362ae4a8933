#pragma once

#include <initializer_list>

#include "rules/core/registry.hpp"
#include "rules/engine/config.hpp"

namespace jobwarden::testing {

// A config in which only `enabled` rules run, so a test sees exactly the findings it is about.
inline core::Config only_rules(std::initializer_list<const char*> enabled) {
  core::Config config;
  for (const core::Rule& rule : core::Registry::instance().rules()) {
    bool on = false;
    for (const char* id : enabled) on = on || rule.info.id == id;
    if (!on) config.rules[rule.info.id].enabled = false;
  }
  return config;
}

}  // namespace jobwarden::testing
