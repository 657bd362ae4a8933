#pragma once

#include <string_view>
#include <vector>

#include "rules/core/rule.hpp"

namespace jobwarden::core {

// Every rule registers itself here at static-initialisation time (see JOBWARDEN_RULE).
class Registry {
 public:
  static Registry& instance();
  // Returns true so it can initialise a static; aborts on a duplicate id (a programming error).
  bool add(Rule rule);
  const Rule* find(std::string_view id) const;
  // Sorted by id.
  const std::vector<Rule>& rules() const;

 private:
  std::vector<Rule> rules_;  // sorted by id
};

}  // namespace jobwarden::core

// Registers a rule from its RuleInfo and check function; use once at the end of a rule file.
#define JOBWARDEN_RULE_CONCAT_INNER(a, b) a##b
#define JOBWARDEN_RULE_CONCAT(a, b) JOBWARDEN_RULE_CONCAT_INNER(a, b)
#define JOBWARDEN_RULE(info, check_function)                                                       \
  [[maybe_unused]] static const bool JOBWARDEN_RULE_CONCAT(jobwarden_rule_registered_, __LINE__) = \
      ::jobwarden::core::Registry::instance().add(::jobwarden::core::Rule{info, check_function})
