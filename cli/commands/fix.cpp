#include "cli/commands/fix.hpp"

#include "cli/file_writer.hpp"
#include "cli/format/unified_diff.hpp"
#include "rules/engine/fixer.hpp"

namespace jobwarden::cli {

std::optional<std::vector<std::shared_ptr<const core::Document>>> fix_file(
    const std::shared_ptr<const core::SourceFile>& file, const core::Engine& engine, FixMode mode,
    std::ostream& out, std::ostream& err, core::Report& report) {
  core::FileFix fixed = core::fix_source(file, engine);
  if (fixed.error) {
    report.errors.push_back(std::move(*fixed.error));
    return std::nullopt;
  }
  if (!fixed.changed()) return std::move(fixed.documents);
  for (const auto& note : fixed.notes) err << "jobwarden: " << file->path << ": " << note << '\n';
  if (mode == FixMode::diff) {
    out << format::unified_diff(file->path, file->text, fixed.text);
    return std::move(fixed.documents);
  }
  if (auto failure = replace_file_atomically(file->path, fixed.text)) {
    report.errors.push_back(core::LoadError{file->path, {}, *failure});
    return std::nullopt;
  }
  err << "jobwarden: " << file->path << ": fixed " << fixed.fixes_applied
      << (fixed.fixes_applied == 1 ? " finding" : " findings") << '\n';
  return std::move(fixed.documents);
}

}  // namespace jobwarden::cli
