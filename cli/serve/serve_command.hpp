#pragma once

#include <string>
#include <vector>

#include "cli/commands/commands.hpp"

namespace jobwarden::cli {

// The admission webhook until SIGTERM/SIGINT (webhook/serve.hpp): what `jobwarden serve` runs,
// in the program jobwarden-serve (cli/serve/main.cpp), the only one linked with cpp-httplib and
// OpenSSL.
int webhook_serve_command(const std::vector<std::string>& args, Io& io);

}  // namespace jobwarden::cli
