#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace jobwarden::cli {

struct Io {
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
  bool color_allowed = false;  // out is a terminal and NO_COLOR is unset
};

// Each command gets its arguments after the command name and returns the exit code.
int lint_command(const std::vector<std::string>& args, Io& io);
int rules_command(const std::vector<std::string>& args, Io& io);
int explain_command(const std::vector<std::string>& args, Io& io);
int version_command(const std::vector<std::string>& args, Io& io);
int export_command(const std::vector<std::string>& args, Io& io);
// `jobwarden serve`: runs the program jobwarden-serve beside this one, which serves the
// admission webhook (cli/serve/); returns only when it cannot be run.
int serve_command(const std::vector<std::string>& args, Io& io);

}  // namespace jobwarden::cli
