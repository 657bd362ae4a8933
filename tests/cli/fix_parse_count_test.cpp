// `lint --fix` parses a file it changes twice (check and fix, then verify the edit; the findings
// left come from the verifying parse) and a file it does not change once.
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "cli/cli.hpp"
#include "rules/core/loader.hpp"
#include "tests/support/scratch.hpp"

namespace {

namespace fs = std::filesystem;

struct Lint {
  int code = 0;
  std::size_t parses = 0;
  std::string out;
  std::string err;
};

Lint lint(std::vector<std::string> args, const std::string& counted) {
  args.insert(args.begin(), {"jobwarden", "lint"});
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  std::istringstream in;
  std::ostringstream out, err;
  Lint result;
  const std::size_t before = jobwarden::core::parse_documents_calls(counted);
  result.code = jobwarden::cli::run(static_cast<int>(argv.size()), argv.data(), in, out, err);
  result.parses = jobwarden::core::parse_documents_calls(counted) - before;
  result.out = out.str();
  result.err = err.str();
  return result;
}

}  // namespace

TEST_CASE("lint --fix parses a changed file twice and an unchanged one once", "[cli][fix]") {
  jobwarden::testing::TempDir temp;
  const std::string config = (temp.path() / "config.yaml").string();
  jobwarden::testing::write_file(temp.path() / "config.yaml", "rules: {}\n");
  std::string text = jobwarden::testing::read_file(fs::path(JOBWARDEN_SOURCE_DIR) /
                                                   "examples/good/fixed-count-job.yaml");
  const std::string ttl = "  ttlSecondsAfterFinished: 86400\n";
  REQUIRE(text.find(ttl) != std::string::npos);
  text.erase(text.find(ttl), ttl.size());
  const fs::path job = temp.path() / "job.yaml";
  jobwarden::testing::write_file(job, text);

  Lint fixed = lint({"--config", config, "--fix", job.string()}, job.string());
  INFO(fixed.out << fixed.err);
  CHECK(fixed.parses == 2);
  CHECK(fixed.err.find("fixed 1 finding") != std::string::npos);
  CHECK(jobwarden::testing::read_file(job) != text);
  // The findings left are reported (from the verifying parse), not the ones fixed.
  CHECK(fixed.out.find("job-missing-ttl") == std::string::npos);
  CHECK(fixed.out.find("[job-missing-pod-failure-policy]") != std::string::npos);

  Lint again = lint({"--config", config, "--fix", job.string()}, job.string());
  CHECK(again.parses == 1);
  CHECK(again.out == fixed.out);

  Lint plain = lint({"--config", config, job.string()}, job.string());
  CHECK(plain.parses == 1);
  CHECK(plain.out == fixed.out);
}
