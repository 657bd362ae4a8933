#include "cli/commands/lint_reports.hpp"

#include <sstream>

#include "cli/file_writer.hpp"
#include "cli/format/ci_formats.hpp"
#include "cli/format/format.hpp"
#include "rules/core/registry.hpp"

namespace jobwarden::cli {

namespace {

format::ReportContext context_of(const ReportSettings& settings) {
  return {settings.cwd, JOBWARDEN_VERSION, settings.fail_on, settings.fixes};
}

void write_baseline_text(const BaselineSummary& baseline, std::ostream& out, bool quiet) {
  if (baseline.path.empty()) return;
  if (!quiet) {
    for (const auto& entry : baseline.outcome.fixed) {
      core::ObjectRef ref{"", entry.kind, entry.namespace_name, entry.name};
      out << entry.file << ": info: fixed since the baseline: " << ref.display() << ' '
          << (entry.pointer.empty() ? "/" : entry.pointer) << " [" << entry.rule << "]\n";
    }
  }
  if (quiet) return;
  const std::size_t hidden = baseline.outcome.hidden;
  const std::size_t fixed = baseline.outcome.fixed.size();
  out << "baseline " << baseline.path << ": " << hidden << (hidden == 1 ? " finding" : " findings")
      << " hidden";
  if (fixed > 0) {
    out << ", " << fixed << (fixed == 1 ? " entry" : " entries")
        << " fixed (shrink it with --write-baseline " << baseline.path << ")";
  }
  out << '\n';
}

nlohmann::json baseline_json(const BaselineSummary& baseline) {
  nlohmann::json fixed = nlohmann::json::array();
  for (const auto& entry : baseline.outcome.fixed) fixed.push_back(entry_json(entry));
  return {{"file", baseline.path}, {"hidden", baseline.outcome.hidden}, {"fixed", fixed}};
}

}  // namespace

bool is_report_format(std::string_view format) {
  return format == "text" || format == "json" || format == "sarif" || format == "github" ||
         format == "junit" || format == "gitlab";
}

std::optional<ReportFile> parse_output_spec(std::string_view spec, std::string& error) {
  auto equals = spec.find('=');
  if (equals == std::string_view::npos || equals == 0 || equals + 1 == spec.size()) {
    error = "invalid --output \"" + std::string(spec) +
            "\" (expected FORMAT=FILE, e.g. sarif=jobwarden.sarif)";
    return std::nullopt;
  }
  ReportFile file{std::string(spec.substr(0, equals)), std::string(spec.substr(equals + 1))};
  if (!is_report_format(file.format)) {
    error = "unknown report format \"" + file.format + "\" in --output (expected " +
            kReportFormats + ")";
    return std::nullopt;
  }
  return file;
}

std::string render_report(const std::string& format, const core::Report& report,
                          const ReportSettings& settings, const BaselineSummary& baseline) {
  std::ostringstream out;
  const format::ReportContext context = context_of(settings);
  if (format == "json") {
    nlohmann::json json = format::report_json(report);
    if (!baseline.path.empty()) json["baseline"] = baseline_json(baseline);
    out << json.dump(2) << '\n';
  } else if (format == "sarif") {
    format::write_sarif(report, core::Registry::instance().rules(), context, out);
  } else if (format == "github") {
    format::write_github(report, context, out);
  } else if (format == "junit") {
    format::write_junit(report, context, out);
  } else if (format == "gitlab") {
    format::write_gitlab(report, context, out);
  } else {
    // Findings, then what the baseline hid or saw fixed, then the counts.
    format::write_text_findings(report, out, settings.color, !settings.quiet);
    format::ReportTotals totals;
    totals.add(report);
    write_text_ending(totals, settings, baseline, out);
  }
  return out.str();
}

void write_text_ending(const format::ReportTotals& totals, const ReportSettings& settings,
                       const BaselineSummary& baseline, std::ostream& out) {
  write_baseline_text(baseline, out, settings.quiet);
  if (settings.summary_table) format::write_summary_table(totals, out);
  if (!settings.quiet) out << format::summary_line(totals) << '\n';
}

bool emit_reports(const core::Report& report, const ReportSettings& settings,
                  const BaselineSummary& baseline, std::ostream& out, std::ostream& err) {
  out << render_report(settings.stdout_format, report, settings, baseline);
  out.flush();
  bool ok = true;
  for (const auto& file : settings.files) {
    ReportSettings plain = settings;
    plain.color = false;  // files never get terminal colours
    const std::string text = render_report(file.format, report, plain, baseline);
    if (auto failure = write_file_atomically(file.path, text)) {
      err << "jobwarden: cannot write the " << file.format << " report " << file.path << ": "
          << *failure << '\n';
      ok = false;
    }
  }
  return ok;
}

}  // namespace jobwarden::cli
