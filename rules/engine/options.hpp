#pragma once

#include <nlohmann/json.hpp>

#include "rules/core/rule.hpp"
#include "rules/engine/config.hpp"

namespace jobwarden::core {

// A rule's options as its check sees them: the defaults declared in RuleInfo::options, each
// replaced by the config's value when it sets one. The engine and the VAP export both use it,
// so a rule's options cannot differ between them.
nlohmann::json merged_options(const RuleInfo& info, const RuleSettings* settings);

}  // namespace jobwarden::core
