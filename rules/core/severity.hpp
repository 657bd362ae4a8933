#pragma once

#include <optional>
#include <string_view>

namespace jobwarden::core {

// Ordered: a higher value is more severe, so thresholds compare with >=.
enum class Severity { info = 0, warning = 1, error = 2 };

std::string_view to_string(Severity severity);
// Accepts "info", "warning", "error". Returns nullopt for anything else (including "off").
std::optional<Severity> parse_severity(std::string_view text);

}  // namespace jobwarden::core
