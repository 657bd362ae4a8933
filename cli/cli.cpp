#include "cli/cli.hpp"

#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "cli/commands/commands.hpp"
#include "cli/flags.hpp"

namespace jobwarden::cli {

namespace {

constexpr const char* kUsage =
    "Usage: jobwarden COMMAND [options]\n"
    "\n"
    "Lints Kubernetes batch/v1 Jobs and CronJobs.\n"
    "\n"
    "Commands:\n"
    "  lint PATH...|-     check manifests (files, directories, or - for stdin)\n"
    "  rules              list every rule\n"
    "  explain RULE-ID    describe one rule: why, how to fix, options, examples\n"
    "  serve              run the admission webhook (HTTPS /validate and /mutate)\n"
    "  export vap         print a ValidatingAdmissionPolicy (CEL) for the rules it can carry\n"
    "  version            print the version\n"
    "\n"
    "Run `jobwarden COMMAND --help` for a command's options.\n";

}  // namespace

int run(int argc, char** argv, std::istream& in, std::ostream& out, std::ostream& err) {
  bool color =
      &out == &std::cout && ::isatty(STDOUT_FILENO) == 1 && std::getenv("NO_COLOR") == nullptr;
  Io io{in, out, err, color};
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
  if (args.empty()) return FlagParser(kUsage).usage_error(io, "missing command");

  const std::string command = args.front();
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (is_help(command) || (command == "help" && rest.empty())) {
    out << kUsage;
    return 0;
  }
  if (command == "--version") return version_command({}, io);
  // `jobwarden help lint` == `jobwarden lint --help`.
  const std::string name = command == "help" ? rest.front() : command;
  if (command == "help") rest = {"--help"};
  if (name == "lint") return lint_command(rest, io);
  if (name == "rules") return rules_command(rest, io);
  if (name == "explain") return explain_command(rest, io);
  if (name == "version") return version_command(rest, io);
  if (name == "export") return export_command(rest, io);
  if (name == "serve") return serve_command(rest, io);
  if (!name.empty() && name.front() == '-') {
    return FlagParser(kUsage).usage_error(io, "unknown option \"" + name + "\"");
  }
  return FlagParser(kUsage).usage_error(io, "unknown command \"" + name + "\"");
}

}  // namespace jobwarden::cli
