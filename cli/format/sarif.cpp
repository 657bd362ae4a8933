// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. Validated in the tests with
// Microsoft's SARIF Multitool (tests/cli/ci_formats_test.cpp).
#include <cctype>
#include <ostream>

#include <nlohmann/json.hpp>

#include "cli/format/ci_formats.hpp"

namespace jobwarden::cli::format {

using nlohmann::json;

namespace {

const char* sarif_level(core::Severity severity) {
  switch (severity) {
    case core::Severity::error:
      return "error";
    case core::Severity::warning:
      return "warning";
    case core::Severity::info:
      return "note";
  }
  return "warning";
}

// "job-missing-ttl" -> "JobMissingTtl": SARIF's rule `name` is a Pascal-case friendly name.
std::string pascal_case(std::string_view id) {
  std::string out;
  bool upper = true;
  for (char c : id) {
    if (c == '-') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

// Percent-encodes what may not appear in a URI path (RFC 3986 unreserved and '/' stay).
std::string uri_path(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  return out;
}

std::string ensure_period(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  if (!text.empty() && text.back() != '.' && text.back() != ':' && text.back() != '?' &&
      text.back() != '!' && text.back() != ')') {
    text += '.';
  }
  return text;
}

json rule_descriptor(const core::RuleInfo& info) {
  const std::string help_text =
      ensure_period(info.rationale) + "\n\nHow to fix: " + ensure_period(info.remediation) +
      "\n\nSuppress on one object " + "with the annotation ignore.jobwarden.io/" + info.id + ".";
  const std::string help_markdown =
      "**Why it matters.** " + ensure_period(info.rationale) + "\n\n**How to fix.** " +
      ensure_period(info.remediation) +
      "\n\nSuppress on one object with the annotation `ignore.jobwarden.io/" + info.id +
      ": \"<reason>\"`. [Documentation](" + rule_help_uri(info.id) + ")";
  json tags = json::array({"kubernetes"});
  for (const auto& kind : info.kinds) tags.push_back(kind);
  return {{"id", info.id},
          {"name", pascal_case(info.id)},
          {"shortDescription", {{"text", ensure_period(info.title)}}},
          {"fullDescription", {{"text", ensure_period(info.summary)}}},
          {"help", {{"text", help_text}, {"markdown", help_markdown}}},
          {"helpUri", rule_help_uri(info.id)},
          {"defaultConfiguration", {{"level", sarif_level(info.severity)}}},
          {"properties", {{"tags", tags}, {"fixable", info.fixable}}}};
}

json artifact_location(const std::string& path) {
  if (path.starts_with('/')) return {{"uri", "file://" + uri_path(path)}};
  return {{"uri", uri_path(path)}, {"uriBaseId", "%SRCROOT%"}};
}

json physical_location(const std::string& path, core::Position pos) {
  json location = {{"artifactLocation", artifact_location(path)}};
  if (pos.known()) {
    json region = {{"startLine", pos.line}};
    if (pos.col > 0) region["startColumn"] = pos.col;
    location["region"] = region;
  }
  return location;
}

}  // namespace

void write_sarif(const core::Report& report, const std::vector<core::Rule>& rules,
                 const ReportContext& context, std::ostream& out) {
  json descriptors = json::array();
  std::map<std::string, std::size_t, std::less<>> rule_index;
  for (const auto& rule : rules) {
    rule_index[rule.info.id] = descriptors.size();
    descriptors.push_back(rule_descriptor(rule.info));
  }

  const std::vector<std::string> prints = fingerprints(report, context.source_root);
  json results = json::array();
  for (std::size_t i = 0; i < report.findings.size(); ++i) {
    const core::Finding& finding = report.findings[i];
    const std::string path = report_path(finding.file, context.source_root);
    const std::string object = finding.object.display();
    json result = {{"ruleId", finding.rule_id},
                   {"level", sarif_level(finding.severity)},
                   {"message", {{"text", ensure_period(finding.message)}}}};
    if (auto it = rule_index.find(finding.rule_id); it != rule_index.end()) {
      result["ruleIndex"] = it->second;
    }
    json location = json::object();
    if (!path.empty() && path != "<stdin>")
      location["physicalLocation"] = physical_location(path, finding.pos);
    location["logicalLocations"] = json::array(
        {{{"name", finding.object.name.empty() ? finding.object.kind : finding.object.name},
          {"fullyQualifiedName", object},
          {"kind", "resource"}},
         {{"name", finding.pointer.empty() ? "/" : finding.pointer},
          {"fullyQualifiedName", object + (finding.pointer.empty() ? "/" : finding.pointer)},
          {"kind", "property"}}});
    result["locations"] = json::array({location});
    result["partialFingerprints"] = {{"jobwardenFinding/v1", prints[i]}};
    result["properties"] = {{"pointer", finding.pointer},
                            {"object",
                             {{"apiVersion", finding.object.api_version},
                              {"kind", finding.object.kind},
                              {"namespace", finding.object.namespace_name},
                              {"name", finding.object.name}}}};
    if (!finding.hint.empty()) result["properties"]["hint"] = finding.hint;
    if (context.fixes != nullptr && i < context.fixes->size() && (*context.fixes)[i] &&
        !path.empty() && path != "<stdin>") {
      const TextReplacement& edit = *(*context.fixes)[i];
      result["fixes"] = json::array(
          {{{"description", {{"text", ensure_period(finding.hint)}}},
            {"artifactChanges",
             json::array({{{"artifactLocation", artifact_location(path)},
                           {"replacements",
                            json::array({{{"deletedRegion",
                                           {{"startLine", edit.start_line},
                                            {"startColumn", edit.start_col},
                                            {"endLine", edit.end_line},
                                            {"endColumn", edit.end_col}}},
                                          {"insertedContent", {{"text", edit.inserted}}}}})}}})}}});
    }
    results.push_back(std::move(result));
  }

  json notifications = json::array();
  for (const auto& error : report.errors) {
    json notification = {{"level", "error"}, {"message", {{"text", ensure_period(error.message)}}}};
    const std::string path = report_path(error.file, context.source_root);
    if (!path.empty() && path != "<stdin>") {
      notification["locations"] =
          json::array({{{"physicalLocation", physical_location(path, error.pos)}}});
    }
    notifications.push_back(std::move(notification));
  }

  std::string root_uri = "file://" + uri_path(context.source_root.generic_string());
  if (!root_uri.ends_with('/')) root_uri += '/';
  json run = {{"tool",
               {{"driver",
                 {{"name", "jobwarden"},
                  {"version", context.tool_version},
                  {"semanticVersion", context.tool_version},
                  {"informationUri", kProjectUri},
                  {"rules", descriptors}}}}},
              {"originalUriBaseIds", {{"%SRCROOT%", {{"uri", root_uri}}}}},
              {"invocations", json::array({{{"executionSuccessful", report.errors.empty()},
                                            {"toolExecutionNotifications", notifications}}})},
              {"columnKind", "unicodeCodePoints"},
              {"results", results}};
  json log = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
              {"version", "2.1.0"},
              {"runs", json::array({run})}};
  out << log.dump(2) << '\n';
}

}  // namespace jobwarden::cli::format
