#include "rules/core/rule.hpp"

#include <algorithm>

namespace jobwarden::core {

using nlohmann::json;

const json& CheckContext::option(std::string_view name) const {
  static const json kNull;
  if (!options_.is_object()) return kNull;
  auto it = options_.find(name);
  return it == options_.end() ? kNull : *it;
}

std::int64_t CheckContext::int_option(std::string_view name, std::int64_t fallback) const {
  const json& value = option(name);
  return value.is_number_integer() ? value.get<std::int64_t>() : fallback;
}

bool CheckContext::bool_option(std::string_view name, bool fallback) const {
  const json& value = option(name);
  return value.is_boolean() ? value.get<bool>() : fallback;
}

bool Rule::applies_to(std::string_view kind) const {
  return std::find(info.kinds.begin(), info.kinds.end(), kind) != info.kinds.end();
}

}  // namespace jobwarden::core
