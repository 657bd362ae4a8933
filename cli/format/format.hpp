#pragma once

#include <array>
#include <cstddef>
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rules/core/finding.hpp"
#include "rules/core/rule.hpp"

// Formatters over the neutral Report / RuleInfo: no file system, no process state.
namespace jobwarden::cli::format {

// The counts the text summary prints: taken from a whole report, or added up file by file when
// the findings are printed as each file is done (and then dropped).
struct ReportTotals {
  std::map<std::string, std::array<std::size_t, 3>> by_rule;  // rule -> info, warning, error
  std::array<std::size_t, 3> by_severity{};                   // info, warning, error
  std::size_t findings = 0;
  std::size_t files = 0;
  std::size_t objects_checked = 0;
  std::size_t objects_skipped = 0;
  void add(const core::Report& report);
  std::size_t count_at_least(core::Severity severity) const;
};

// Lint output (docs/output-format.md). Text: one "file:line:col: severity: message [rule-id]"
// line plus a "  hint: ..." line per finding, then a summary line. Load errors are not part of
// the text output (the lint command prints them to stderr).
void write_text(const core::Report& report, std::ostream& out, bool color);
// The finding lines alone (with their "  hint:" lines when `hints`), no summary.
void write_text_findings(const core::Report& report, std::ostream& out, bool color, bool hints);
// "RULE  ERROR  WARNING  INFO" rows, one per rule with findings, then a total row.
void write_summary_table(const ReportTotals& totals, std::ostream& out);
std::string summary_line(const ReportTotals& totals);
// JSON: {"version":1,"findings":[...],"errors":[...],"summary":{...}}.
nlohmann::json report_json(const core::Report& report);
void write_json(const core::Report& report, std::ostream& out);

// `jobwarden rules`.
void write_rules_text(const std::vector<core::Rule>& rules, std::ostream& out);
void write_rules_json(const std::vector<core::Rule>& rules, std::ostream& out);
// The content of docs/rules.md.
void write_rules_markdown(const std::vector<core::Rule>& rules, std::ostream& out);

// `jobwarden explain RULE-ID`.
void write_explain(const core::RuleInfo& info, std::ostream& out);

// "Job, CronJob".
std::string join(const std::vector<std::string>& items, const char* separator);

}  // namespace jobwarden::cli::format
