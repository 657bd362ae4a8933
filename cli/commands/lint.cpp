#include <algorithm>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "cli/commands/commands.hpp"
#include "cli/commands/fix.hpp"
#include "cli/flags.hpp"
#include "cli/format/format.hpp"
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
    "  --format text|json   output format (default: text)\n"
    "  --fail-on LEVEL      exit 1 when a finding is at or above LEVEL: error, warning, info\n"
    "                       or never (default: error)\n"
    "  --config FILE        config file (default: .jobwarden.yaml or .jobwarden.yml, searched\n"
    "                       from the current directory upwards)\n"
    "  --kube-version 1.N   target Kubernetes version (default: config kubeVersion, else 1.35)\n"
    "  --fix                rewrite files so fixable findings go away (comments, key order and\n"
    "                       other documents are kept), then report what remains\n"
    "  --diff               print the unified diff --fix would apply; change nothing\n"
    "  --no-color           no colour (also when NO_COLOR is set or output is not a terminal)\n"
    "  -h, --help           show this help\n"
    "\n"
    "Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it;\n"
    "2 usage, config, I/O or parse errors (findings of the files that loaded are still shown).\n";

}  // namespace

int lint_command(const std::vector<std::string>& args, Io& io) {
  std::string format = "text";
  std::string fail_on = "error";
  std::string config_path;
  bool no_color = false;
  bool fix = false;
  bool diff = false;
  std::string kube_version;
  std::vector<std::string> paths;
  FlagParser flags(kLintUsage);
  flags.positionals(paths).flag("--no-color", no_color).flag("--fix", fix).flag("--diff", diff);
  flags.value("--format", [&](const std::string& value) -> std::optional<std::string> {
    if (value != "text" && value != "json") {
      return "invalid --format \"" + value + "\" (expected text or json)";
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
  flags.value("--kube-version", [&](const std::string& value) -> std::optional<std::string> {
    if (!core::parse_kube_version(value)) {
      return "invalid --kube-version \"" + value + "\" (expected 1.N, e.g. 1.31)";
    }
    kube_version = value;
    return std::nullopt;
  });
  flags.value("--config", config_path, "a file", /*allow_empty=*/false);
  if (auto exit = flags.parse(args, io)) return *exit;
  if (paths.empty()) {
    return flags.usage_error(io, "no input: give files, directories, or - for stdin");
  }
  if (fix && diff) return flags.usage_error(io, "--fix and --diff cannot be combined");
  if (fix && std::find(paths.begin(), paths.end(), "-") != paths.end()) {
    return flags.usage_error(io, "--fix cannot rewrite standard input (use --diff)");
  }

  // The config: --config, else the nearest .jobwarden.yaml, else the defaults.
  core::Config config;
  if (config_path.empty()) {
    std::error_code ec;
    auto cwd = std::filesystem::current_path(ec);
    if (!ec) {
      if (auto found = core::find_config_file(cwd)) config_path = found->string();
    }
  }
  if (!config_path.empty()) {
    core::ConfigResult loaded = core::load_config_file(config_path);
    if (loaded.error) {
      io.err << "jobwarden: " << loaded.error->display() << '\n';
      return 2;
    }
    config = std::move(loaded.config);
  }

  if (!kube_version.empty()) config.kube_version = *core::parse_kube_version(kube_version);

  core::Report report;
  core::LoadLimits limits;
  std::vector<std::string> files = core::expand_paths(paths, report.errors);
  core::Engine engine(config);
  bool stdin_read = false;
  for (const auto& path : files) {
    if (path == "-") {
      if (stdin_read) continue;  // "-" twice: standard input can be read once
      stdin_read = true;
    }
    core::ReadResult read =
        path == "-" ? core::read_stream(io.in, limits) : core::read_source(path, limits);
    if (read.error) {
      ++report.files;
      report.errors.push_back(std::move(*read.error));
      continue;
    }
    if (fix || diff) {
      auto documents =
          fix_file(read.file, engine, fix ? FixMode::write : FixMode::diff, io.out, io.err, report);
      if (!documents || diff) continue;  // --diff prints the diff only
      ++report.files;
      for (const auto& document : *documents) engine.check_document(document, report);
      continue;
    }
    engine.check_file(read.file, report, limits);
  }
  report.sort();
  if (diff) {
    for (const auto& error : report.errors) io.err << "jobwarden: " << error.display() << '\n';
    return report.errors.empty() ? 0 : 2;
  }

  if (format == "json") {
    format::write_json(report, io.out);
  } else {
    format::write_text(report, io.out, io.color_allowed && !no_color);
  }
  for (const auto& error : report.errors) io.err << "jobwarden: " << error.display() << '\n';
  io.out.flush();

  if (!report.errors.empty()) return 2;
  if (fail_on == "never") return 0;
  return report.count_at_least(*core::parse_severity(fail_on)) > 0 ? 1 : 0;
}

}  // namespace jobwarden::cli
