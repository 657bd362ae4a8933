#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/commands/commands.hpp"

namespace jobwarden::cli {

// The one command-line parser of every subcommand. Accepts "--name VALUE", "--name=VALUE",
// boolean "--name", "-h"/"--help" (prints the usage, exit 0), "--" (the rest are positional) and
// "-" (a positional: standard input). Errors are usage errors: "<program>: <message>", a blank
// line and the usage on io.err, exit 2. Adding a flag is one call:
//
//   FlagParser flags(kUsage);
//   flags.value("--config", config_path, "a file");
//   flags.flag("--fix", fix);
//   flags.duration("--shutdown-grace", grace);
//   if (auto exit = flags.parse(args, io)) return *exit;
class FlagParser {
 public:
  // Checks and stores a value; returns the usage error message when the value is invalid.
  using Setter = std::function<std::optional<std::string>(const std::string& value)>;

  explicit FlagParser(const char* usage, std::string program = "jobwarden");

  // A boolean flag: present -> true ("--name=VALUE" is an error).
  FlagParser& flag(std::string name, bool& target);
  // A flag with a value. `needs` completes "<name> needs <needs>" when the value is missing
  // (and when it is empty, if `allow_empty` is false).
  FlagParser& value(std::string name, std::string& target, std::string needs = "a value",
                    bool allow_empty = true);
  FlagParser& value(std::string name, Setter set, std::string needs = "a value");
  // "1s", "500ms", "2m", "1.5s" (at most 24h); `positive` rejects 0.
  FlagParser& duration(std::string name, std::chrono::milliseconds& target, bool positive = false);
  // A whole number in [min, max].
  FlagParser& number(std::string name, std::size_t& target, std::size_t min, std::size_t max);
  // Where positional arguments go; without it a positional argument is a usage error.
  FlagParser& positionals(std::vector<std::string>& target);

  // nullopt: parsed, go on. Otherwise the exit code: 0 after --help, 2 after a usage error.
  std::optional<int> parse(const std::vector<std::string>& args, Io& io) const;

  // Prints "<program>: <message>\n\n<usage>" to io.err; returns 2.
  int usage_error(Io& io, const std::string& message) const;

 private:
  struct Flag {
    std::string name;
    bool takes_value = true;
    std::string needs;
    Setter set;
    bool* target = nullptr;
  };
  const char* usage_;
  std::string program_;
  std::vector<Flag> flags_;
  std::vector<std::string>* positionals_ = nullptr;
};

bool is_help(const std::string& arg);  // "-h" or "--help"

// "1s", "500ms", "2m", "1.5s"; nullopt when malformed, negative or above 24h.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

}  // namespace jobwarden::cli
