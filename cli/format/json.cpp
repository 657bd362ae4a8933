#include <ostream>

#include "cli/format/format.hpp"

namespace jobwarden::cli::format {

using nlohmann::json;

namespace {

json position_or_null(int value) {
  return value > 0 ? json(value) : json(nullptr);
}

json rule_json(const core::RuleInfo& info) {
  json options = json::array();
  for (const auto& option : info.options) {
    options.push_back({{"name", option.name},
                       {"default", option.default_value},
                       {"description", option.description}});
  }
  return {{"id", info.id},
          {"title", info.title},
          {"severity", core::to_string(info.severity)},
          {"kinds", info.kinds},
          {"fixable", info.fixable},
          {"summary", info.summary},
          {"rationale", info.rationale},
          {"remediation", info.remediation},
          {"options", options},
          {"reference", info.reference},
          {"webhookNote", info.webhook_note},
          {"badExample", info.bad_example},
          {"goodExample", info.good_example}};
}

}  // namespace

json report_json(const core::Report& report) {
  json findings = json::array();
  for (const auto& finding : report.findings) {
    findings.push_back({
        {"rule", finding.rule_id},
        {"severity", core::to_string(finding.severity)},
        {"message", finding.message},
        {"hint", finding.hint},
        {"file", finding.file},
        {"line", position_or_null(finding.pos.line)},
        {"col", position_or_null(finding.pos.col)},
        {"pointer", finding.pointer},
        {"document", finding.document_index},
        {"object",
         {{"apiVersion", finding.object.api_version},
          {"kind", finding.object.kind},
          {"namespace", finding.object.namespace_name},
          {"name", finding.object.name}}},
        {"fixable", !finding.fix.is_null()},
    });
  }
  json errors = json::array();
  for (const auto& error : report.errors) {
    errors.push_back({{"file", error.file},
                      {"line", position_or_null(error.pos.line)},
                      {"col", position_or_null(error.pos.col)},
                      {"message", error.message}});
  }
  return {{"version", 1},
          {"findings", findings},
          {"errors", errors},
          {"summary",
           {{"files", report.files},
            {"objects", report.objects_checked},
            {"skipped", report.objects_skipped},
            {"error", report.count(core::Severity::error)},
            {"warning", report.count(core::Severity::warning)},
            {"info", report.count(core::Severity::info)}}}};
}

void write_json(const core::Report& report, std::ostream& out) {
  out << report_json(report).dump(2) << '\n';
}

void write_rules_json(const std::vector<core::Rule>& rules, std::ostream& out) {
  json list = json::array();
  for (const auto& rule : rules) list.push_back(rule_json(rule.info));
  out << json{{"version", 1}, {"rules", list}}.dump(2) << '\n';
}

}  // namespace jobwarden::cli::format
