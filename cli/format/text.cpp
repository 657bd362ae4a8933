#include <algorithm>
#include <array>
#include <map>
#include <ostream>
#include <sstream>
#include <string>

#include "cli/format/format.hpp"
#include "rules/vap/policy.hpp"

namespace jobwarden::cli::format {

namespace {

const char* color_of(core::Severity severity) {
  switch (severity) {
    case core::Severity::error:
      return "\033[1;31m";
    case core::Severity::warning:
      return "\033[1;33m";
    case core::Severity::info:
      return "\033[1;36m";
  }
  return "";
}

std::string plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// Every line of `text` prefixed with `indent`; no trailing blank line.
std::string indented(const std::string& text, const std::string& indent) {
  std::istringstream lines(text);
  std::string line;
  std::string out;
  while (std::getline(lines, line)) {
    out += line.empty() ? std::string() : indent + line;
    out += '\n';
  }
  while (out.size() >= 2 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') {
    out.pop_back();
  }
  return out;
}

std::string option_default(const core::OptionInfo& option) {
  return option.default_value.dump();
}

}  // namespace

std::string join(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

void ReportTotals::add(const core::Report& report) {
  for (const auto& finding : report.findings) {
    const auto severity = static_cast<std::size_t>(finding.severity);
    ++by_rule[finding.rule_id][severity];
    ++by_severity[severity];
  }
  findings += report.findings.size();
  files += report.files;
  objects_checked += report.objects_checked;
  objects_skipped += report.objects_skipped;
}

std::size_t ReportTotals::count_at_least(core::Severity severity) const {
  std::size_t n = 0;
  for (std::size_t s = static_cast<std::size_t>(severity); s < by_severity.size(); ++s) {
    n += by_severity[s];
  }
  return n;
}

std::string summary_line(const ReportTotals& totals) {
  auto count = [&](core::Severity severity) {
    return totals.by_severity[static_cast<std::size_t>(severity)];
  };
  std::string counts;
  if (totals.findings == 0) {
    counts = "no findings";
  } else {
    counts = plural(count(core::Severity::error), "error", "errors") + ", " +
             plural(count(core::Severity::warning), "warning", "warnings") + ", " +
             std::to_string(count(core::Severity::info)) + " info";
  }
  std::string line = counts + " in " + plural(totals.objects_checked, "object", "objects") + " (" +
                     plural(totals.files, "file", "files");
  if (totals.objects_skipped > 0) {
    line += ", " + std::to_string(totals.objects_skipped) + " other " +
            (totals.objects_skipped == 1 ? "object" : "objects") + " skipped";
  }
  return line + ")";
}

void write_text(const core::Report& report, std::ostream& out, bool color) {
  write_text_findings(report, out, color, true);
  ReportTotals totals;
  totals.add(report);
  out << summary_line(totals) << '\n';
}

void write_text_findings(const core::Report& report, std::ostream& out, bool color, bool hints) {
  for (const auto& finding : report.findings) {
    out << (finding.file.empty() ? std::string("<object>") : finding.file);
    if (finding.pos.known()) out << ':' << finding.pos.line << ':' << finding.pos.col;
    out << ": ";
    if (color) out << color_of(finding.severity);
    out << core::to_string(finding.severity);
    if (color) out << "\033[0m";
    out << ": " << finding.message << " [" << finding.rule_id << "]\n";
    if (!hints) continue;
    if (!finding.hint.empty()) out << "  hint: " << finding.hint << '\n';
    if (!finding.rendered_at.empty()) {
      out << "  rendered: document starts at " << finding.rendered_at << '\n';
    }
  }
}

void write_summary_table(const ReportTotals& totals, std::ostream& out) {
  const auto& counts = totals.by_rule;
  std::size_t width = 5;  // "total"
  for (const auto& [rule, row] : counts) width = std::max(width, rule.size());
  auto pad = [](std::string text, std::size_t size) {
    text.resize(std::max(size, text.size()), ' ');
    return text;
  };
  auto number = [](std::size_t value, std::size_t size) {
    std::string text = std::to_string(value);
    return std::string(size > text.size() ? size - text.size() : 0, ' ') + text;
  };
  out << pad("RULE", width) << "  ERROR  WARNING   INFO\n";
  std::array<std::size_t, 3> total{};
  for (const auto& [rule, row] : counts) {
    out << pad(rule, width) << "  " << number(row[2], 5) << "  " << number(row[1], 7) << "  "
        << number(row[0], 5) << '\n';
    for (std::size_t i = 0; i < 3; ++i) total[i] += row[i];
  }
  out << pad("total", width) << "  " << number(total[2], 5) << "  " << number(total[1], 7) << "  "
      << number(total[0], 5) << '\n';
}

void write_rules_text(const std::vector<core::Rule>& rules, std::ostream& out) {
  std::size_t id_width = 2;
  std::size_t kinds_width = 5;
  for (const auto& rule : rules) {
    id_width = std::max(id_width, rule.info.id.size());
    kinds_width = std::max(kinds_width, join(rule.info.kinds, ",").size());
  }
  auto pad = [](std::string text, std::size_t width) {
    text.resize(std::max(width, text.size()), ' ');
    return text;
  };
  out << pad("ID", id_width) << "  " << pad("SEVERITY", 8) << "  " << pad("KINDS", kinds_width)
      << "  " << pad("FIXABLE", 7) << "  TITLE\n";
  for (const auto& rule : rules) {
    const auto& info = rule.info;
    out << pad(info.id, id_width) << "  " << pad(std::string(core::to_string(info.severity)), 8)
        << "  " << pad(join(info.kinds, ","), kinds_width) << "  "
        << pad(info.fixable ? "yes" : "no", 7) << "  " << info.title << '\n';
  }
  out << rules.size() << " rules; `jobwarden explain RULE-ID` describes one.\n";
}

void write_explain(const core::RuleInfo& info, std::ostream& out) {
  out << info.id << ": " << info.title << "\n\n";
  out << "Default severity: " << core::to_string(info.severity) << '\n';
  out << "Applies to: " << join(info.kinds, ", ") << '\n';
  out << "Fixable: " << (info.fixable ? "yes" : "no") << '\n';
  if (!info.reference.empty()) out << "Reference: " << info.reference << '\n';
  auto section = [&](const char* title, const std::string& text) {
    if (text.empty()) return;
    out << '\n' << title << ":\n" << indented(text, "  ");
  };
  section("What it checks", info.summary);
  section("Why it matters", info.rationale);
  section("How to fix", info.remediation);
  if (!info.options.empty()) {
    out << "\nOptions (rules." << info.id << ".options in .jobwarden.yaml):\n";
    for (const auto& option : info.options) {
      out << "  " << option.name << " = " << option_default(option) << '\n';
      if (!option.description.empty()) out << "      " << option.description << '\n';
    }
  }
  section("In the admission webhook", info.webhook_note);
  section("ValidatingAdmissionPolicy (webhook-free enforcement)", vap::export_summary(info));
  section("Bad", info.bad_example);
  section("Good", info.good_example);
  out << "\nSuppress on one object: annotation `ignore.jobwarden.io/" << info.id
      << ": \"<reason>\"`,\nor a comment `# jobwarden:ignore " << info.id
      << " <reason>` on the line before the field or the object.\n";
}

}  // namespace jobwarden::cli::format
