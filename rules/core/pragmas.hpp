#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>

namespace jobwarden::core {

// Comment pragmas "# jobwarden:ignore <rule-id>[,<rule-id>...] [reason]" of a manifest's text:
// 1-based line -> rule ids. Only real comments count (not a '#' inside a quoted scalar or a
// URL). What they suppress is decided by the engine (rules/engine/suppression.hpp).
std::map<int, std::set<std::string>> scan_ignore_pragmas(std::string_view text);

}  // namespace jobwarden::core
