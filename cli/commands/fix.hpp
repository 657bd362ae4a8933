#pragma once

#include <memory>
#include <optional>
#include <ostream>

#include "rules/core/loader.hpp"
#include "rules/engine/engine.hpp"

namespace jobwarden::cli {

enum class FixMode { write, diff };

// `lint --fix` / `lint --diff` for one file: computes the fixed text (core::fix_source), then
// either replaces the file atomically or prints a unified diff to `out`. Notes about re-emitted
// documents and a "fixed N findings" line go to `err`. Returns the text to lint afterwards (the
// fixed text when written, else the original); on failure adds the error to `report.errors` and
// returns null. Standard input cannot be rewritten: the caller rejects --fix with "-".
std::shared_ptr<const core::SourceFile> fix_file(
    const std::shared_ptr<const core::SourceFile>& file, const core::Engine& engine, FixMode mode,
    std::ostream& out, std::ostream& err, core::Report& report);

}  // namespace jobwarden::cli
