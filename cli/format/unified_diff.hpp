#pragma once

#include <string>

namespace jobwarden::cli::format {

// A unified diff (3 lines of context) between two texts, with `--- a/<path>` / `+++ b/<path>`
// headers; empty when the texts are equal. Lines keep their own endings (CRLF shows as is).
std::string unified_diff(const std::string& path, const std::string& before,
                         const std::string& after);

}  // namespace jobwarden::cli::format
