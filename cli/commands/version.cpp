#include <iostream>
#include <string>
#include <vector>

#include "cli/commands/commands.hpp"
#include "cli/flags.hpp"

#ifndef JOBWARDEN_VERSION
#define JOBWARDEN_VERSION "0.0.0"
#endif

namespace jobwarden::cli {

int version_command(const std::vector<std::string>& args, Io& io) {
  static constexpr const char* kVersionUsage = "Usage: jobwarden version\n";
  if (auto exit = FlagParser(kVersionUsage).parse(args, io)) return *exit;
  io.out << "jobwarden " << JOBWARDEN_VERSION << '\n';
  return 0;
}

}  // namespace jobwarden::cli
