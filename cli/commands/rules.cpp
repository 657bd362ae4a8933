#include <iostream>
#include <string>
#include <vector>

#include "cli/commands/commands.hpp"
#include "cli/format/format.hpp"
#include "rules/core/registry.hpp"

namespace jobwarden::cli {

namespace {

constexpr const char* kRulesUsage =
    "Usage: jobwarden rules [--format text|markdown|json]\n"
    "\n"
    "Lists every rule: id, default severity, kinds, whether it is fixable, title.\n"
    "--format markdown prints the full reference (docs/rules.md); json is machine-readable.\n";

}  // namespace

int rules_command(const std::vector<std::string>& args, Io& io) {
  std::string format = "text";
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (is_help(args[i])) {
      io.out << kRulesUsage;
      return 0;
    }
    bool missing = false;
    std::string value;
    if (take_value(args, i, "--format", value, missing)) {
      if (missing) return usage_error(io, "--format needs a value", kRulesUsage);
      if (value != "text" && value != "markdown" && value != "json") {
        return usage_error(io,
                           "invalid --format \"" + value + "\" (expected text, markdown or json)",
                           kRulesUsage);
      }
      format = value;
    } else if (!args[i].empty() && args[i].front() == '-') {
      return usage_error(io, "unknown option \"" + args[i].substr(0, args[i].find('=')) + "\"",
                         kRulesUsage);
    } else {
      return usage_error(io, "unexpected argument \"" + args[i] + "\"", kRulesUsage);
    }
  }
  const auto& rules = core::Registry::instance().rules();
  if (format == "markdown") {
    format::write_rules_markdown(rules, io.out);
  } else if (format == "json") {
    format::write_rules_json(rules, io.out);
  } else {
    format::write_rules_text(rules, io.out);
  }
  return 0;
}

}  // namespace jobwarden::cli
