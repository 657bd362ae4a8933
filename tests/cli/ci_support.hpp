#pragma once

// Running the real jobwarden binary from a directory, for the CI-facing tests.
#include <string>

#include <catch2/catch.hpp>

#include "tests/support/scratch.hpp"

namespace jobwarden::testing {

// `cd DIR && jobwarden ARGS` through /bin/sh; ARGS may hold pipes and redirections around a
// "$JW" placeholder-free command line (the binary is prepended).
inline CommandResult jobwarden_in(const std::string& dir, const std::string& args) {
  CommandResult result =
      run_shell("cd '" + dir + "' && '" + std::string(JOBWARDEN_BINARY) + "' " + args);
  REQUIRE(result.code >= 0);
  return result;
}

inline std::string source_dir() {
  return JOBWARDEN_SOURCE_DIR;
}

inline std::string multitool() {
  return source_dir() +
         "/tests/tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool";
}

}  // namespace jobwarden::testing
