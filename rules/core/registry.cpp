#include "rules/core/registry.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace jobwarden::core {

Registry& Registry::instance() {
  static Registry registry;
  return registry;
}

bool Registry::add(Rule rule) {
  if (find(rule.info.id) != nullptr) {
    std::fprintf(stderr, "jobwarden: rule id registered twice: %s\n", rule.info.id.c_str());
    std::abort();
  }
  rules_.push_back(std::move(rule));
  sorted_ = false;
  return true;
}

const Rule* Registry::find(std::string_view id) const {
  for (const auto& rule : rules_) {
    if (rule.info.id == id) return &rule;
  }
  return nullptr;
}

const std::vector<Rule>& Registry::rules() const {
  if (!sorted_) {
    std::sort(rules_.begin(), rules_.end(),
              [](const Rule& a, const Rule& b) { return a.info.id < b.info.id; });
    sorted_ = true;
  }
  return rules_;
}

bool Rule::applies_to(std::string_view kind) const {
  return std::find(info.kinds.begin(), info.kinds.end(), kind) != info.kinds.end();
}

}  // namespace jobwarden::core
