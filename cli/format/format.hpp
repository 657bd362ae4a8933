#pragma once

#include <iosfwd>
#include <vector>

#include <nlohmann/json.hpp>

#include "rules/core/finding.hpp"
#include "rules/core/rule.hpp"

// Formatters over the neutral Report / RuleInfo: no file system, no process state.
namespace jobwarden::cli::format {

// Lint output (docs/output-format.md). Text: one "file:line:col: severity: message [rule-id]"
// line plus a "  hint: ..." line per finding, then a summary line. Load errors are not part of
// the text output (the lint command prints them to stderr).
void write_text(const core::Report& report, std::ostream& out, bool color);
std::string summary_line(const core::Report& report);
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
