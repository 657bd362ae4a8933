#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>
#include <system_error>
#include <vector>

#include "cli/commands/commands.hpp"

namespace jobwarden::cli {

// `jobwarden serve` is the program jobwarden-serve beside this one, run in this process (exec:
// the same PID, signals and file descriptors, so a container's PID 1 stays the server). The
// webhook needs cpp-httplib and OpenSSL, and loading them took 4.7 ms of a 8.7 ms `jobwarden
// lint` of one Job (docs/performance.md), on every commit that pre-commit checks. glibc cannot
// load a linked library lazily, so the commands that never serve live in a program without them.
int serve_command(const std::vector<std::string>& args, Io& io) {
  namespace fs = std::filesystem;
  std::error_code error;
  const fs::path self = fs::read_symlink("/proc/self/exe", error);
  if (error) {
    io.err << "jobwarden serve: cannot find this program's own path (/proc/self/exe: "
           << error.message() << ")\n";
    return 2;
  }
  const std::string server = (self.parent_path() / "jobwarden-serve").string();
  std::vector<std::string> words = {server};
  words.insert(words.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);
  io.out.flush();
  io.err.flush();
  std::cout.flush();
  ::execv(server.c_str(), argv.data());
  const int reason = errno;
  io.err << "jobwarden serve: cannot run the webhook server " << server << ": "
         << std::strerror(reason)
         << " (it is built and installed beside jobwarden: cmake --build builds both)\n";
  return 2;
}

}  // namespace jobwarden::cli
