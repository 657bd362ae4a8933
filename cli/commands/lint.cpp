#include <algorithm>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "cli/baseline.hpp"
#include "cli/commands/commands.hpp"
#include "cli/commands/lint_files.hpp"
#include "cli/commands/lint_reports.hpp"
#include "cli/commands/lint_text_stream.hpp"
#include "cli/config_flags.hpp"
#include "cli/file_writer.hpp"
#include "cli/flags.hpp"
#include "cli/format/format.hpp"
#include "cli/sarif_fixes.hpp"
#include "rules/core/loader.hpp"
#include "rules/engine/config.hpp"
#include "rules/engine/engine.hpp"

namespace jobwarden::cli {

namespace {

constexpr const char* kLintUsage =
    "Usage: jobwarden lint [options] PATH... | -\n"
    "\n"
    "Checks Kubernetes Job and CronJob manifests. Directories are searched recursively for\n"
    "*.yaml, *.yml and *.json files (sorted); \"-\" reads standard input. Objects of other\n"
    "kinds are counted and skipped.\n"
    "\n"
    "Options:\n"
    "  --format FORMAT      standard output format: text (default), json, sarif, github\n"
    "                       (workflow commands), junit, gitlab (Code Quality)\n"
    "  --output FORMAT=FILE also write a report to FILE (repeatable; atomic), e.g.\n"
    "                       --output sarif=jobwarden.sarif --output junit=report.xml\n"
    "  --baseline FILE      hide the findings recorded in FILE (default: config baseline);\n"
    "                       exit by the new findings alone, list recorded ones now fixed\n"
    "  --write-baseline FILE  record today's findings in FILE and exit 0\n"
    "  --quiet, -q          only findings and errors: no hints, notes or summary\n"
    "  --summary            a count table by rule and severity after the text findings\n"
    "  --helm-chart DIR     with `helm template DIR | jobwarden lint -`: name findings\n"
    "                       DIR/templates/... instead of CHART/templates/...\n"
    "  --fail-on LEVEL      exit 1 when a finding is at or above LEVEL: error, warning, info\n"
    "                       or never (default: error)\n"
    "  --config FILE        config file (default: .jobwarden.yaml or .jobwarden.yml, searched\n"
    "                       from the current directory upwards)\n"
    "  --kube-version 1.N   target Kubernetes version (default: config kubeVersion, else 1.37;\n"
    "                       1.38, not released yet, works with a note)\n"
    "  --fix                rewrite files so fixable findings go away (comments, key order and\n"
    "                       other documents are kept), then report what remains\n"
    "  --diff               print the unified diff --fix would apply; change nothing\n"
    "  --jobs N, -j N       lint N files at a time (default: the CPUs this process may use,\n"
    "                       capped by a container CPU limit); the output is the same for\n"
    "                       every N\n"
    "  --no-color           no colour (also when NO_COLOR is set or output is not a terminal)\n"
    "  -h, --help           show this help\n"
    "\n"
    "Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it;\n"
    "2 usage, config, I/O or parse errors (findings of the files that loaded are still shown).\n";

}  // namespace

int lint_command(const std::vector<std::string>& args, Io& io) {
  std::string format = "text";
  std::string fail_on = "error";
  ConfigFlags config_flags;
  bool no_color = false;
  bool fix = false;
  bool diff = false;
  bool quiet = false;
  bool summary_table = false;
  std::string baseline_path;
  std::string write_baseline_path;
  std::string helm_chart;
  std::size_t jobs = 0;  // 0: default_lint_jobs(), read only when there are files to share
  std::vector<ReportFile> report_files;
  std::vector<std::string> paths;
  FlagParser flags(kLintUsage);
  flags.positionals(paths).flag("--no-color", no_color).flag("--fix", fix).flag("--diff", diff);
  flags.value("--format", [&](const std::string& value) -> std::optional<std::string> {
    if (!is_report_format(value)) {
      return "invalid --format \"" + value + "\" (expected " + std::string(kReportFormats) + ")";
    }
    format = value;
    return std::nullopt;
  });
  flags.value("--fail-on", [&](const std::string& value) -> std::optional<std::string> {
    if (value != "never" && !core::parse_severity(value)) {
      return "invalid --fail-on \"" + value + "\" (expected error, warning, info or never)";
    }
    fail_on = value;
    return std::nullopt;
  });
  config_flags.add_to(flags);
  flags.flag("--quiet", quiet).flag("-q", quiet).flag("--summary", summary_table);
  flags.value(
      "--output",
      [&](const std::string& value) -> std::optional<std::string> {
        std::string error;
        auto file = parse_output_spec(value, error);
        if (!file) return error;
        report_files.push_back(*file);
        return std::nullopt;
      },
      "FORMAT=FILE");
  flags.value("--baseline", baseline_path, "a file", /*allow_empty=*/false);
  flags.value("--write-baseline", write_baseline_path, "a file", /*allow_empty=*/false);
  flags.value("--helm-chart", helm_chart, "the chart directory", /*allow_empty=*/false);
  flags.number("--jobs", jobs, 1, 9999).number("-j", jobs, 1, 9999);
  if (auto exit = flags.parse(args, io)) return *exit;
  if (paths.empty()) {
    return flags.usage_error(io, "no input: give files, directories, or - for stdin");
  }
  if (fix && diff) return flags.usage_error(io, "--fix and --diff cannot be combined");
  if (fix && std::find(paths.begin(), paths.end(), "-") != paths.end()) {
    return flags.usage_error(io, "--fix cannot rewrite standard input (use --diff)");
  }
  if (!write_baseline_path.empty() && !baseline_path.empty()) {
    return flags.usage_error(io, "--baseline and --write-baseline cannot be combined");
  }

  std::error_code cwd_error;
  const std::filesystem::path cwd = std::filesystem::current_path(cwd_error);

  std::optional<core::Config> loaded_config = config_flags.load(io);
  if (!loaded_config) return 2;
  const core::Config config = std::move(*loaded_config);
  const std::string& config_path = config_flags.config_path;

  // The baseline: --baseline, else `baseline:` of the config (relative to the config file).
  if (baseline_path.empty() && write_baseline_path.empty() && !config.baseline.empty()) {
    std::filesystem::path from_config(config.baseline);
    if (from_config.is_relative()) {
      from_config = std::filesystem::path(config_path).parent_path() / from_config;
    }
    baseline_path = from_config.lexically_normal().string();
  }
  std::optional<Baseline> baseline;
  if (!baseline_path.empty()) {
    BaselineLoad loaded = load_baseline(baseline_path);
    if (loaded.error) {
      io.err << "jobwarden: " << *loaded.error << '\n';
      return 2;
    }
    baseline = std::move(loaded.baseline);
  }

  core::Report report;
  std::vector<std::string> files = core::expand_paths(paths, report.errors);
  // "-" twice: standard input can be read once.
  if (auto first = std::find(files.begin(), files.end(), "-"); first != files.end()) {
    files.erase(std::remove(std::next(first), files.end(), "-"), files.end());
  }
  core::Engine engine(config);
  FileLintSettings per_file;
  per_file.engine = &engine;
  per_file.fix = fix;
  per_file.diff = diff;
  per_file.quiet = quiet;
  per_file.helm_chart = helm_chart;
  per_file.in = &io.in;
  ReportSettings settings;
  settings.stdout_format = format;
  settings.files = report_files;
  settings.color = io.color_allowed && !no_color;
  settings.quiet = quiet;
  settings.summary_table = summary_table;
  settings.fail_on = fail_on == "never" ? std::nullopt : core::parse_severity(fail_on);
  settings.cwd = cwd;

  // Load errors go after the report; then the exit code: 2 for errors or a report not written,
  // else 1 when `failing` (the findings at or above --fail-on) is not 0.
  auto finish = [&](bool written, auto failing) {
    for (const auto& error : report.errors) io.err << "jobwarden: " << error.display() << '\n';
    io.out.flush();
    if (!report.errors.empty() || !written) return 2;
    if (!settings.fail_on) return 0;
    return failing(*settings.fail_on) > 0 ? 1 : 0;
  };

  // One file (pre-commit's usual call) needs no pool, nor the CPU limit's files read.
  if (jobs == 0) jobs = files.size() > 1 ? default_lint_jobs() : 1;

  // Plain text to standard output is printed file by file and not kept (memory is bounded by
  // the largest file). Every other report needs all findings at once: a document format, a
  // baseline to match, --fix/--diff output that goes before the report, or standard input,
  // whose findings may name the chart templates it was rendered from.
  const bool stream_text = format == "text" && report_files.empty() && !baseline &&
                           write_baseline_path.empty() && !fix && !diff &&
                           std::find(files.begin(), files.end(), "-") == files.end();
  if (stream_text) {
    TextFindingStream stream(files, io.out, settings.color, !quiet);
    lint_files(files, per_file, jobs, [&](FileLint& part) {
      io.err << part.err;
      stream.add(part.report);
      std::move(part.report.errors.begin(), part.report.errors.end(),
                std::back_inserter(report.errors));
    });
    write_text_ending(stream.totals(), settings, BaselineSummary{}, io.out);
    return finish(true, [&](core::Severity at) { return stream.totals().count_at_least(at); });
  }

  std::set<std::string> linted_files;
  // Merged in input order: the output is the same for every --jobs.
  lint_files(files, per_file, jobs, [&](FileLint& part) {
    io.out << part.out;
    io.err << part.err;
    linted_files.merge(part.linted_files);
    core::Report& from = part.report;
    std::move(from.findings.begin(), from.findings.end(), std::back_inserter(report.findings));
    std::move(from.errors.begin(), from.errors.end(), std::back_inserter(report.errors));
    std::move(from.checked.begin(), from.checked.end(), std::back_inserter(report.checked));
    report.files += from.files;
    report.objects_checked += from.objects_checked;
    report.objects_skipped += from.objects_skipped;
  });
  report.sort();
  if (diff) {
    for (const auto& error : report.errors) io.err << "jobwarden: " << error.display() << '\n';
    return report.errors.empty() ? 0 : 2;
  }

  if (!write_baseline_path.empty()) {
    for (const auto& error : report.errors) io.err << "jobwarden: " << error.display() << '\n';
    if (!report.errors.empty()) {
      io.err << "jobwarden: baseline " << write_baseline_path
             << " not written: fix the errors above first\n";
      return 2;
    }
    if (auto failure = write_file_atomically(write_baseline_path,
                                             baseline_text(report, write_baseline_path, cwd))) {
      io.err << "jobwarden: cannot write the baseline " << write_baseline_path << ": " << *failure
             << '\n';
      return 2;
    }
    if (!quiet) {
      io.err << "jobwarden: wrote " << report.findings.size()
             << (report.findings.size() == 1 ? " finding" : " findings") << " to baseline "
             << write_baseline_path << '\n';
    }
    return 0;
  }

  BaselineSummary baseline_summary;
  if (baseline) {
    baseline_summary.path = baseline_path;
    baseline_summary.outcome = apply_baseline(*baseline, report, linted_files, cwd);
  }

  std::vector<std::optional<format::TextReplacement>> fixes;
  if (settings.wants("sarif")) {
    fixes = text_fixes(report, engine.config());
    settings.fixes = &fixes;
  }
  const bool written = emit_reports(report, settings, baseline_summary, io.out, io.err);
  return finish(written, [&](core::Severity at) { return report.count_at_least(at); });
}

}  // namespace jobwarden::cli
