#pragma once

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/core/rule.hpp"
#include "rules/engine/engine.hpp"

// Report formats read by CI systems: SARIF 2.1.0 (GitHub code scanning), GitHub workflow
// commands, JUnit XML (GitLab, Jenkins, Azure) and GitLab Code Quality. Pure functions of the
// Report; the caller passes anything they need from the process (version, working directory).
namespace jobwarden::cli::format {

// A text edit that fixes a finding: replace [start, end) (1-based lines, columns in code points)
// with `inserted`; start == end is an insertion.
struct TextReplacement {
  int start_line = 1;
  int start_col = 1;
  int end_line = 1;
  int end_col = 1;
  std::string inserted;
};

// Where the findings' relative paths are rooted (the working directory of the run).
struct ReportContext {
  std::filesystem::path source_root;  // absolute
  std::string tool_version;
  // Exit threshold of the run (--fail-on); nullopt for "never". JUnit reports findings at or
  // above it as failures, the others as system-out.
  std::optional<core::Severity> fail_on = core::Severity::error;
  // SARIF `fixes`: per finding (same index as report.findings), the text edit when it has one.
  const std::vector<std::optional<TextReplacement>>* fixes = nullptr;
};

// The path a report names: relative to the source root when the file is under it, otherwise as
// given; "./" and ".." segments are normalised away. "<stdin>" stays "<stdin>".
std::string report_path(const std::string& file, const std::filesystem::path& source_root);

// What identifies a finding across commits: file, object (kind/namespace/name), rule and JSON
// Pointer — never the line, so edits elsewhere in the file keep it. `path` is the report path.
std::string finding_identity(const core::Finding& finding, const std::string& path);

// Stable fingerprints for every finding of `report` in order: sha256 of the identity, with an
// occurrence number when the same identity appears more than once (two unnamed objects).
std::vector<std::string> fingerprints(const core::Report& report,
                                      const std::filesystem::path& source_root);

void write_sarif(const core::Report& report, const std::vector<core::Rule>& rules,
                 const ReportContext& context, std::ostream& out);
void write_github(const core::Report& report, const ReportContext& context, std::ostream& out);
void write_junit(const core::Report& report, const ReportContext& context, std::ostream& out);
void write_gitlab(const core::Report& report, const ReportContext& context, std::ostream& out);

// The escapes GitHub workflow commands need: in the message %, \r, \n; in a property also : and ,.
std::string github_escape_data(std::string_view text);
std::string github_escape_property(std::string_view text);

// Where the rule's documentation lives (its section of docs/rules.md).
std::string rule_help_uri(std::string_view rule_id);
inline constexpr const char* kProjectUri = "https://example.com/jobwarden";

}  // namespace jobwarden::cli::format
