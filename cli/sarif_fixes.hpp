#pragma once

#include <optional>
#include <vector>

#include "cli/format/ci_formats.hpp"
#include "rules/engine/config.hpp"
#include "rules/engine/engine.hpp"

namespace jobwarden::cli {

// The text edit `lint --fix` makes for each fixable finding of a file on disk (same index as
// report.findings; nullopt for the others), for SARIF `fixes`. The fix of finding F is computed
// on F's document alone with only F's rule enabled, so it is the edit of that rule in that
// document (two findings of one rule in one document share it).
std::vector<std::optional<format::TextReplacement>> text_fixes(const core::Report& report,
                                                               const core::Config& config);

}  // namespace jobwarden::cli
