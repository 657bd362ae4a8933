#include <iostream>
#include <string>
#include <vector>

#include "cli/commands/commands.hpp"
#include "cli/flags.hpp"
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
  FlagParser flags(kRulesUsage);
  flags.value("--format", [&](const std::string& value) -> std::optional<std::string> {
    if (value != "text" && value != "markdown" && value != "json") {
      return "invalid --format \"" + value + "\" (expected text, markdown or json)";
    }
    format = value;
    return std::nullopt;
  });
  if (auto exit = flags.parse(args, io)) return *exit;
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
