#pragma once

#include <iosfwd>

namespace jobwarden::cli {

// The whole command line in-process: dispatches to a command and returns the exit code
// (0 ok, 1 findings at/above --fail-on, 2 usage/config/I-O/parse errors). `in` is read for the
// "-" path; colour is used only when `out` is std::cout on a terminal.
int run(int argc, char** argv, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace jobwarden::cli
