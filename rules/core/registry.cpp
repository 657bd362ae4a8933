#include "rules/core/registry.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace jobwarden::core {

namespace {

bool id_less(const Rule& rule, std::string_view id) {
  return rule.info.id < id;
}

}  // namespace

Registry& Registry::instance() {
  static Registry registry;
  return registry;
}

bool Registry::add(Rule rule) {
  // Kept sorted by id on insertion: rules register during static initialisation, before anyone
  // reads the list, so readers never pay for (or race on) a sort.
  auto at = std::lower_bound(rules_.begin(), rules_.end(), rule.info.id, id_less);
  if (at != rules_.end() && at->info.id == rule.info.id) {
    std::fprintf(stderr, "jobwarden: rule id registered twice: %s\n", rule.info.id.c_str());
    std::abort();
  }
  rules_.insert(at, std::move(rule));
  return true;
}

const Rule* Registry::find(std::string_view id) const {
  auto at = std::lower_bound(rules_.begin(), rules_.end(), id, id_less);
  return at != rules_.end() && at->info.id == id ? &*at : nullptr;
}

const std::vector<Rule>& Registry::rules() const {
  return rules_;
}

}  // namespace jobwarden::core
