#include "rules/engine/options.hpp"

namespace jobwarden::core {

using nlohmann::json;

json merged_options(const RuleInfo& info, const RuleSettings* settings) {
  json options = json::object();
  for (const auto& option : info.options) options[option.name] = option.default_value;
  if (settings != nullptr && settings->options.is_object()) {
    for (const auto& [name, value] : settings->options.items()) options[name] = value;
  }
  return options;
}

}  // namespace jobwarden::core
