#pragma once

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rules/engine/engine.hpp"

// Baselines: adopt the gate on a repository that already has findings. A baseline records the
// findings of one run; later runs hide the findings it records and report only new ones. An
// entry matches by file, object (kind/namespace/name), rule and JSON Pointer — not by line — so
// edits elsewhere in the file keep it matched (the CI twin of the webhook's UPDATE ratcheting).
namespace jobwarden::cli {

struct BaselineEntry {
  std::string file;  // relative to the baseline file's directory ("<stdin>" stays)
  std::string kind;
  std::string namespace_name;
  std::string name;
  std::string rule;
  std::string pointer;
  std::string message;  // for people reading the file; not matched
};

// An entry as the baseline file and the JSON report's baseline.fixed write it.
nlohmann::json entry_json(const BaselineEntry& entry);

struct Baseline {
  std::string path;  // as given
  std::vector<BaselineEntry> entries;
};

struct BaselineLoad {
  Baseline baseline;
  std::optional<std::string> error;  // "FILE: reason"
};

inline constexpr int kBaselineVersion = 1;

BaselineLoad load_baseline(const std::string& path);

// The baseline file's text for `report`'s findings, paths made relative to the directory of
// `baseline_path` (findings' relative paths are relative to `cwd`).
std::string baseline_text(const core::Report& report, const std::string& baseline_path,
                          const std::filesystem::path& cwd);

struct BaselineOutcome {
  std::size_t hidden = 0;            // findings removed from the report
  std::vector<BaselineEntry> fixed;  // entries of linted files that matched nothing
};

// Removes the findings the baseline records from `report`. Entries of files in `linted_files`
// (paths as the findings name them) that match no finding are returned as fixed.
BaselineOutcome apply_baseline(const Baseline& baseline, core::Report& report,
                               const std::set<std::string>& linted_files,
                               const std::filesystem::path& cwd);

}  // namespace jobwarden::cli
