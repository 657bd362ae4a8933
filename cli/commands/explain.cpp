#include <iostream>
#include <string>
#include <vector>

#include "cli/commands/commands.hpp"
#include "cli/flags.hpp"
#include "cli/format/format.hpp"
#include "rules/core/registry.hpp"

namespace jobwarden::cli {

namespace {

constexpr const char* kExplainUsage =
    "Usage: jobwarden explain RULE-ID\n"
    "\n"
    "Describes one rule: what it checks, why, how to fix it, its options and defaults,\n"
    "what it sees in the admission webhook, and a bad and a good example.\n";

}  // namespace

int explain_command(const std::vector<std::string>& args, Io& io) {
  std::vector<std::string> ids;
  FlagParser flags(kExplainUsage);
  if (auto exit = flags.positionals(ids).parse(args, io)) return *exit;
  if (ids.size() != 1) {
    return flags.usage_error(io, ids.empty() ? "missing RULE-ID" : "explain takes one RULE-ID");
  }
  const core::Rule* rule = core::Registry::instance().find(ids.front());
  if (rule == nullptr) {
    io.err << "jobwarden: unknown rule \"" << ids.front() << "\"; run `jobwarden rules`\n";
    return 2;
  }
  format::write_explain(rule->info, io.out);
  return 0;
}

}  // namespace jobwarden::cli
