#include <csignal>
#include <iostream>

#include "cli/cli.hpp"

int main(int argc, char** argv) {
  // A full disk or file-size limit must surface as a write error (EFBIG), not kill the process.
  std::signal(SIGXFSZ, SIG_IGN);
  std::ios::sync_with_stdio(false);
  int code = jobwarden::cli::run(argc, argv, std::cin, std::cout, std::cerr);
  std::cout.flush();
  return code;
}
