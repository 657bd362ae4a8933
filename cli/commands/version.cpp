#include <iostream>
#include <string>
#include <vector>

#include "cli/commands/commands.hpp"

#ifndef JOBWARDEN_VERSION
#define JOBWARDEN_VERSION "0.0.0"
#endif

namespace jobwarden::cli {

int version_command(const std::vector<std::string>& args, Io& io) {
  static constexpr const char* kVersionUsage = "Usage: jobwarden version\n";
  for (const auto& arg : args) {
    if (is_help(arg)) {
      io.out << kVersionUsage;
      return 0;
    }
    return usage_error(io, "unexpected argument \"" + arg + "\"", kVersionUsage);
  }
  io.out << "jobwarden " << JOBWARDEN_VERSION << '\n';
  return 0;
}

}  // namespace jobwarden::cli
