// GitHub Actions workflow commands: each finding becomes an annotation on the pull request.
// https://docs.github.com/actions/reference/workflow-commands-for-github-actions
#include <ostream>

#include "cli/format/ci_formats.hpp"

namespace jobwarden::cli::format {

namespace {

const char* command_of(core::Severity severity) {
  switch (severity) {
    case core::Severity::error:
      return "error";
    case core::Severity::warning:
      return "warning";
    case core::Severity::info:
      return "notice";
  }
  return "warning";
}

std::string escape(std::string_view text, bool property) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '%':
        out += "%25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      case ':':
        out += property ? "%3A" : ":";
        break;
      case ',':
        out += property ? "%2C" : ",";
        break;
      default:
        out += c;
    }
  }
  return out;
}

void write_command(std::ostream& out, const char* command, const std::string& path,
                   core::Position pos, const std::string& title, const std::string& message) {
  out << "::" << command;
  std::string properties;
  auto add = [&](const std::string& key, const std::string& value) {
    properties += properties.empty() ? " " : ",";
    properties += key + "=" + github_escape_property(value);
  };
  if (!path.empty() && path != "<stdin>") {
    add("file", path);
    if (pos.known()) {
      add("line", std::to_string(pos.line));
      if (pos.col > 0) add("col", std::to_string(pos.col));
    }
  }
  if (!title.empty()) add("title", title);
  out << properties << "::" << github_escape_data(message) << '\n';
}

}  // namespace

std::string github_escape_data(std::string_view text) {
  return escape(text, false);
}

std::string github_escape_property(std::string_view text) {
  return escape(text, true);
}

void write_github(const core::Report& report, const ReportContext& context, std::ostream& out) {
  for (const auto& finding : report.findings) {
    const std::string path = report_path(finding.file, context.source_root);
    std::string message = finding.message;
    if (path.empty() || path == "<stdin>") message = finding.object.display() + ": " + message;
    if (!finding.hint.empty()) message += "\nHint: " + finding.hint;
    write_command(out, command_of(finding.severity), path, finding.pos, finding.rule_id, message);
  }
  for (const auto& error : report.errors) {
    const std::string path = report_path(error.file, context.source_root);
    write_command(out, "error", path, error.pos, "jobwarden",
                  path.empty() || path == "<stdin>" ? error.display() : error.message);
  }
}

}  // namespace jobwarden::cli::format
