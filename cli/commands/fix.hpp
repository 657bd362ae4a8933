#pragma once

#include <memory>
#include <optional>
#include <ostream>
#include <vector>

#include "rules/core/loader.hpp"
#include "rules/engine/engine.hpp"

namespace jobwarden::cli {

enum class FixMode { write, diff };

// `lint --fix` / `lint --diff` for one file: computes the fixed text (core::fix_source), then
// either replaces the file atomically or prints a unified diff to `out`. Notes about re-emitted
// documents and a "fixed N findings" line go to `err`. Returns the documents to lint afterwards
// (of the fixed text when written, else of the original; already parsed, so the file is not
// parsed a third time); on failure adds the error to `report.errors` and returns nullopt.
// Standard input cannot be rewritten: the caller rejects --fix with "-".
std::optional<std::vector<std::shared_ptr<const core::Document>>> fix_file(
    const std::shared_ptr<const core::SourceFile>& file, const core::Engine& engine, FixMode mode,
    std::ostream& out, std::ostream& err, core::Report& report);

}  // namespace jobwarden::cli
