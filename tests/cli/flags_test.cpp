#include "cli/flags.hpp"

#include <catch2/catch.hpp>
#include <sstream>

namespace {

using jobwarden::cli::FlagParser;
using jobwarden::cli::Io;

struct Parsed {
  std::optional<int> exit;
  std::string out;
  std::string err;
};

Parsed parse(const FlagParser& flags, const std::vector<std::string>& args) {
  std::istringstream in;
  std::ostringstream out, err;
  Io io{in, out, err};
  Parsed parsed;
  parsed.exit = flags.parse(args, io);
  parsed.out = out.str();
  parsed.err = err.str();
  return parsed;
}

}  // namespace

TEST_CASE("flags: values, booleans, positionals, -- and -", "[cli][flags]") {
  std::string config, format;
  bool fix = false;
  std::vector<std::string> paths;
  FlagParser flags("Usage: x\n");
  flags.value("--config", config).value("--format", format).flag("--fix", fix).positionals(paths);
  Parsed parsed = parse(
      flags, {"a.yaml", "--config", "c.yaml", "--format=json", "--fix", "-", "--", "--not-a-flag"});
  CHECK_FALSE(parsed.exit.has_value());
  CHECK(parsed.err.empty());
  CHECK(config == "c.yaml");
  CHECK(format == "json");
  CHECK(fix);
  CHECK(paths == std::vector<std::string>{"a.yaml", "-", "--not-a-flag"});
}

TEST_CASE("flags: usage errors and help", "[cli][flags]") {
  std::string config;
  bool fix = false;
  std::chrono::milliseconds grace{0};
  std::size_t threads = 0;
  FlagParser flags("Usage: x\n");
  flags.value("--config", config, "a file", false).flag("--fix", fix);
  flags.duration("--grace", grace, true).number("--threads", threads, 1, 8);

  CHECK(parse(flags, {"--help", "--bogus"}).out == "Usage: x\n");
  CHECK(parse(flags, {"-h"}).exit == 0);
  Parsed unknown = parse(flags, {"--bogus=1"});
  CHECK(unknown.exit == 2);
  CHECK(unknown.err == "jobwarden: unknown option \"--bogus\"\n\nUsage: x\n");
  CHECK(parse(flags, {"--config"}).err.rfind("jobwarden: --config needs a file\n", 0) == 0);
  CHECK(parse(flags, {"--config="}).err.rfind("jobwarden: --config needs a file\n", 0) == 0);
  CHECK(parse(flags, {"--fix=yes"}).err.rfind("jobwarden: --fix takes no value\n", 0) == 0);
  CHECK(parse(flags, {"x"}).err.rfind("jobwarden: unexpected argument \"x\"\n", 0) == 0);
  CHECK(parse(flags, {"--grace", "0s"})
            .err.rfind("jobwarden: --grace: expected a duration like 1s or 500ms, got \"0s\"", 0) ==
        0);
  CHECK(parse(flags, {"--threads=9"})
            .err.rfind("jobwarden: --threads: expected a number from 1 to 8, got \"9\"", 0) == 0);
  CHECK_FALSE(parse(flags, {"--grace=1.5s", "--threads", "8"}).exit.has_value());
  CHECK(grace == std::chrono::milliseconds(1500));
  CHECK(threads == 8);

  FlagParser serve("Usage: s\n", "jobwarden serve");
  CHECK(parse(serve, {"--bogus"}).err ==
        "jobwarden serve: unknown option \"--bogus\"\n\nUsage: s\n");
}
