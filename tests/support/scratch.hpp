#pragma once

// Test support shared by every test that touches the file system or runs a process: temporary
// directories, whole-file reads and writes, and shell commands with their output.

#include <filesystem>
#include <string>
#include <string_view>

namespace jobwarden::testing {

// A fresh directory under the system temp directory, removed with everything in it at scope
// exit (also when a test took permissions away).
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  // Writes `text` to `relative` (creating parent directories); returns the full path.
  std::string write(const std::string& relative, std::string_view text) const;

 private:
  std::filesystem::path path_;
};

void write_file(const std::filesystem::path& path, std::string_view text);
std::string read_file(const std::filesystem::path& path);

struct CommandResult {
  int code = -1;  // exit status; -1 when the command did not exit normally
  std::string out;
  std::string err;
};

// Runs `command` with /bin/sh; stdout and stderr are captured separately.
CommandResult run_shell(const std::string& command);

// Runs `command` with /bin/sh; returns its exit status (-1 when it could not run or did not exit
// normally). Stdout and stderr, merged, go to `output` when given.
int run_command(const std::string& command, std::string* output = nullptr);

}  // namespace jobwarden::testing
