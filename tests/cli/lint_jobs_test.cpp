// `lint --jobs N`: files are linted on N threads, and what is printed (standard output, standard
// error, exit code) is the same for every N: the same order, the same summary.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "tests/support/scratch.hpp"

namespace {

using jobwarden::testing::CommandResult;
using jobwarden::testing::run_shell;

const std::string kBinary = JOBWARDEN_BINARY;

CommandResult lint(const std::string& dir, const std::string& args) {
  return run_shell("cd '" + dir + "' && '" + kBinary + "' lint --no-color " + args);
}

void require_same(const CommandResult& one, const CommandResult& many) {
  CHECK(one.code == many.code);
  CHECK(one.err == many.err);
  REQUIRE(one.out == many.out);
}

}  // namespace

TEST_CASE("lint --jobs 1 and --jobs 4 print the same over every fixture and example",
          "[cli][jobs]") {
  // Every rule fixture folder, the Kubernetes fixtures and the examples: hundreds of files with
  // findings, skipped kinds, load errors and notes.
  const std::string paths = "tests/rules tests/data examples";
  for (const std::string format : {"text", "json", "sarif", "github", "junit", "gitlab"}) {
    INFO("format " << format);
    const auto one = lint(JOBWARDEN_SOURCE_DIR, "--format " + format + " --jobs 1 " + paths);
    const auto many = lint(JOBWARDEN_SOURCE_DIR, "--format " + format + " --jobs 4 " + paths);
    REQUIRE(one.out.size() > 10000);  // the run really printed the findings
    require_same(one, many);
  }
  // The default (the number of cores) too, with the summary table.
  require_same(lint(JOBWARDEN_SOURCE_DIR, "--summary --jobs 1 " + paths),
               lint(JOBWARDEN_SOURCE_DIR, "--summary " + paths));
}

TEST_CASE("lint prints text file by file exactly as the whole sorted report would", "[cli][jobs]") {
  // Standard output's text is printed as each file is done; `--output text=FILE` renders the
  // whole report at the end. Paths out of order and a file named three times (sorted together).
  jobwarden::testing::TempDir out;
  const std::string whole = (out.path() / "whole.txt").string();
  const std::string paths =
      "examples/good tests/rules/job-missing-ttl examples/bad/cronjob.yaml examples/bad "
      "tests/data ./examples/bad/cronjob.yaml examples/bad/cronjob.yaml";
  for (const std::string args : {"--jobs 1", "--jobs 4", "--jobs 2 --summary", "--jobs 3 -q"}) {
    INFO(args);
    const auto streamed = lint(JOBWARDEN_SOURCE_DIR, args + " " + paths);
    const auto kept = lint(JOBWARDEN_SOURCE_DIR, args + " --output text='" + whole + "' " + paths);
    REQUIRE(streamed.out.size() > 5000);
    CHECK(streamed.code == 2);  // tests/data holds files that do not load
    REQUIRE(streamed.out == jobwarden::testing::read_file(whole));
    require_same(streamed, kept);
  }
}

TEST_CASE("lint --fix --jobs 4 writes and prints what --jobs 1 does", "[cli][jobs]") {
  jobwarden::testing::TempDir one;
  jobwarden::testing::TempDir many;
  for (const auto* dir : {&one, &many}) {
    std::filesystem::copy(std::string(JOBWARDEN_SOURCE_DIR) + "/examples", dir->path() / "examples",
                          std::filesystem::copy_options::recursive);
  }
  // The same file named twice: one thread rewrites it, then reads the fixed text.
  const std::string args = "examples examples/bad/cronjob.yaml ./examples/bad/cronjob.yaml";
  const auto diff_one = lint(one.path().string(), "--diff --jobs 1 " + args);
  const auto diff_many = lint(many.path().string(), "--diff --jobs 4 " + args);
  REQUIRE(diff_one.out.find("+++ ") != std::string::npos);
  require_same(diff_one, diff_many);

  const auto fix_one = lint(one.path().string(), "--fix --jobs 1 " + args);
  const auto fix_many = lint(many.path().string(), "--fix --jobs 4 " + args);
  REQUIRE(fix_one.err.find("fixed") != std::string::npos);
  require_same(fix_one, fix_many);
  for (const auto& entry : std::filesystem::recursive_directory_iterator(one.path())) {
    if (!entry.is_regular_file()) continue;
    const auto relative = std::filesystem::relative(entry.path(), one.path());
    INFO(relative.string());
    REQUIRE(jobwarden::testing::read_file(entry.path()) ==
            jobwarden::testing::read_file(many.path() / relative));
  }
}

TEST_CASE("lint --jobs takes a positive number", "[cli][jobs]") {
  for (const std::string bad : {"0", "-1", "two", "", "99999"}) {
    INFO("--jobs '" << bad << "'");
    const auto result = lint(JOBWARDEN_SOURCE_DIR, "--jobs '" + bad + "' examples");
    CHECK(result.code == 2);
    CHECK(result.out.empty());
    REQUIRE(result.err.find("--jobs: expected a number from 1 to 9999, got \"" + bad + "\"") !=
            std::string::npos);
  }
  const auto result = lint(JOBWARDEN_SOURCE_DIR, "-j 2 --fail-on never examples");
  REQUIRE(result.code == 0);
}
