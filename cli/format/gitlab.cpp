// GitLab Code Quality report (artifacts:reports:codequality): a JSON array of issues.
// https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format
#include <ostream>

#include <nlohmann/json.hpp>

#include "cli/format/ci_formats.hpp"

namespace jobwarden::cli::format {

namespace {

const char* gitlab_severity(core::Severity severity) {
  switch (severity) {
    case core::Severity::error:
      return "major";
    case core::Severity::warning:
      return "minor";
    case core::Severity::info:
      return "info";
  }
  return "minor";
}

}  // namespace

void write_gitlab(const core::Report& report, const ReportContext& context, std::ostream& out) {
  const std::vector<std::string> prints = fingerprints(report, context.source_root);
  nlohmann::json issues = nlohmann::json::array();
  for (std::size_t i = 0; i < report.findings.size(); ++i) {
    const core::Finding& finding = report.findings[i];
    issues.push_back({{"type", "issue"},
                      {"engine_name", "jobwarden"},
                      {"check_name", finding.rule_id},
                      {"description", finding.object.display() + ": " + finding.message},
                      {"content", {{"body", finding.hint}}},
                      {"categories", nlohmann::json::array({"Bug Risk"})},
                      {"fingerprint", prints[i]},
                      {"severity", gitlab_severity(finding.severity)},
                      {"location",
                       {{"path", report_path(finding.file, context.source_root)},
                        {"lines", {{"begin", finding.pos.known() ? finding.pos.line : 1}}}}}});
  }
  out << issues.dump(2) << '\n';
}

}  // namespace jobwarden::cli::format
