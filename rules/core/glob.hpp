#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace jobwarden::core {

// Shell-style match with `*` (any run, including empty) and `?` (one byte); no character classes.
bool glob_match(std::string_view pattern, std::string_view text);
bool glob_match_any(const std::vector<std::string>& patterns, std::string_view text);

}  // namespace jobwarden::core
