#include "rules/core/rule.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "rules/core/json_lookup.hpp"

namespace jobwarden::core {

using nlohmann::json;

const json* CheckContext::as_written(const json* value) const {
  if (value == nullptr) return nullptr;
  // A handful of members per object: a scan beats any index. The first write is the original.
  for (const DefaultedMember& written : defaulted_members_) {
    if (written.member == value) return written.existed ? &written.previous : nullptr;
  }
  return value;
}

const json* CheckContext::written_member(const json* parent, std::string_view key) const {
  if (parent == nullptr) return nullptr;
  const json* value = as_written(find_member(*parent, key));
  return value != nullptr && !value->is_null() ? value : nullptr;
}

bool CheckContext::written_object(const json* value) const {
  const json* as_was = as_written(value);
  return as_was != nullptr && as_was->is_object();
}

const json& CheckContext::option(std::string_view name) const {
  static const json kNull;
  if (!options_.is_object()) return kNull;
  auto it = options_.find(name);
  return it == options_.end() ? kNull : *it;
}

std::int64_t CheckContext::int_option(std::string_view name) const {
  const json& value = option(name);
  if (!value.is_number_integer()) {
    throw std::logic_error("rule reads integer option \"" + std::string(name) +
                           "\" that its RuleInfo does not declare as an integer");
  }
  return value.get<std::int64_t>();
}

bool CheckContext::bool_option(std::string_view name) const {
  const json& value = option(name);
  if (!value.is_boolean()) {
    throw std::logic_error("rule reads boolean option \"" + std::string(name) +
                           "\" that its RuleInfo does not declare as a boolean");
  }
  return value.get<bool>();
}

bool Rule::applies_to(std::string_view kind) const {
  return std::find(info.kinds.begin(), info.kinds.end(), kind) != info.kinds.end();
}

}  // namespace jobwarden::core
