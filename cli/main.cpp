#include <iostream>

#include "cli/cli.hpp"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  int code = jobwarden::cli::run(argc, argv, std::cin, std::cout, std::cerr);
  std::cout.flush();
  return code;
}
