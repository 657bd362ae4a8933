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

// Prints "jobwarden: <message>" and the command's usage to io.err; returns 2.
int usage_error(Io& io, const std::string& message, const char* usage);

// Matches "--name VALUE" and "--name=VALUE". Advances `i` past the value. Returns false when
// args[i] is not this flag; sets `missing` when the value is absent.
bool take_value(const std::vector<std::string>& args, std::size_t& i, const std::string& name,
                std::string& value, bool& missing);

bool is_help(const std::string& arg);

}  // namespace jobwarden::cli
