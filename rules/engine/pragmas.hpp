#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>

#include "rules/core/manifest.hpp"

// Comment pragmas "# jobwarden:ignore <rule-id>[,<rule-id>...] [reason]". Reading a source only
// gives its bytes; the engine's suppression step scans the text of the documents it checks.
namespace jobwarden::core {

// 1-based line -> rule ids.
using IgnorePragmas = std::map<int, std::set<std::string>>;

// The pragmas of `text`, whose first line is line `first_line` of its file. Only real comments
// count (not a '#' inside a quoted scalar or a URL).
IgnorePragmas scan_ignore_pragmas(std::string_view text, int first_line = 1);

// The pragmas that can suppress a finding of `document` (rules/engine/suppression.hpp): those
// from the line before the document starts (the first document: from the top of the file) to
// its last line. None for an object that did not come from a file.
IgnorePragmas document_pragmas(const Document& document);

}  // namespace jobwarden::core
