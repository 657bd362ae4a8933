#include <iostream>
#include <string>
#include <vector>

#include "cli/commands/commands.hpp"
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
  for (const auto& arg : args) {
    if (is_help(arg)) {
      io.out << kExplainUsage;
      return 0;
    }
    if (!arg.empty() && arg.front() == '-') {
      return usage_error(io, "unknown option \"" + arg.substr(0, arg.find('=')) + "\"",
                         kExplainUsage);
    }
    ids.push_back(arg);
  }
  if (ids.size() != 1) {
    return usage_error(io, ids.empty() ? "missing RULE-ID" : "explain takes one RULE-ID",
                       kExplainUsage);
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
