// jobwarden-serve: `jobwarden serve`. `jobwarden` runs this program (exec, same process) for
// its serve command, so that the commands that do not serve never load cpp-httplib and OpenSSL
// (cli/commands/serve.cpp says why).
#include <csignal>
#include <iostream>
#include <string>
#include <vector>

#include "cli/serve/serve_command.hpp"

int main(int argc, char** argv) {
  // A full disk or file-size limit must surface as a write error (EFBIG), not kill the process.
  std::signal(SIGXFSZ, SIG_IGN);
  std::ios::sync_with_stdio(false);
  std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
  jobwarden::cli::Io io{std::cin, std::cout, std::cerr};
  int code = jobwarden::cli::webhook_serve_command(args, io);
  std::cout.flush();
  return code;
}
