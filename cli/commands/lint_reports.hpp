#pragma once

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "cli/baseline.hpp"
#include "cli/format/ci_formats.hpp"
#include "cli/format/format.hpp"
#include "rules/engine/engine.hpp"

// The reporting end of `jobwarden lint`: which formats go where (--format, --output), the
// baseline (--baseline, --write-baseline) and the text options (--quiet, --summary).
namespace jobwarden::cli {

inline constexpr const char* kReportFormats = "text, json, sarif, github, junit or gitlab";
bool is_report_format(std::string_view format);

struct ReportFile {
  std::string format;
  std::string path;
};

// "sarif=out/jobwarden.sarif" -> {sarif, out/jobwarden.sarif}; nullopt with `error` set otherwise.
std::optional<ReportFile> parse_output_spec(std::string_view spec, std::string& error);

struct ReportSettings {
  std::string stdout_format = "text";
  std::vector<ReportFile> files;
  bool color = false;
  bool quiet = false;
  bool summary_table = false;
  std::optional<core::Severity> fail_on = core::Severity::error;  // nullopt: never
  std::filesystem::path cwd;
  // SARIF `fixes` per finding (see text_fixes); null when no SARIF report is written.
  const std::vector<std::optional<format::TextReplacement>>* fixes = nullptr;
  bool wants(std::string_view format) const {
    if (stdout_format == format) return true;
    for (const auto& file : files) {
      if (file.format == format) return true;
    }
    return false;
  }
};

struct BaselineSummary {
  std::string path;  // empty: no baseline was used
  BaselineOutcome outcome;
};

// Renders `report` in `format` (one of kReportFormats).
std::string render_report(const std::string& format, const core::Report& report,
                          const ReportSettings& settings, const BaselineSummary& baseline);

// What the text report prints after the findings: the baseline's lines, the --summary table and
// the summary line.
void write_text_ending(const format::ReportTotals& totals, const ReportSettings& settings,
                       const BaselineSummary& baseline, std::ostream& out);

// Prints the stdout report, then writes every --output file atomically. Failed writes are
// reported on `err` and make the result false.
bool emit_reports(const core::Report& report, const ReportSettings& settings,
                  const BaselineSummary& baseline, std::ostream& out, std::ostream& err);

}  // namespace jobwarden::cli
