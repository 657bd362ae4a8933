// docs/rules.md is generated from the rules' metadata (`jobwarden rules --format markdown`,
// scripts/gen-docs.sh); this test regenerates it in-process and fails when the file is stale.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "cli/cli.hpp"
#include "rules/core/registry.hpp"
#include "tests/support/scratch.hpp"

using jobwarden::testing::read_file;

namespace {

namespace fs = std::filesystem;

std::string generated_markdown() {
  std::vector<std::string> args = {"jobwarden", "rules", "--format", "markdown"};
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::istringstream in;
  std::ostringstream out;
  std::ostringstream err;
  const int code = jobwarden::cli::run(static_cast<int>(args.size()), argv.data(), in, out, err);
  INFO(err.str());
  REQUIRE(code == 0);
  REQUIRE(err.str().empty());
  return out.str();
}

// First line where the two texts differ, for a readable failure.
std::string first_difference(const std::string& a, const std::string& b) {
  std::istringstream left(a);
  std::istringstream right(b);
  std::string l;
  std::string r;
  for (int line = 1;; ++line) {
    const bool has_left = static_cast<bool>(std::getline(left, l));
    const bool has_right = static_cast<bool>(std::getline(right, r));
    if (!has_left && !has_right) return "no difference";
    if (!has_left || !has_right || l != r) {
      return "line " + std::to_string(line) +
             ":\n  docs/rules.md: " + (has_left ? l : std::string("<end of file>")) +
             "\n  generated:     " + (has_right ? r : std::string("<end of output>"));
    }
  }
}

}  // namespace

TEST_CASE("docs/rules.md is up to date with the rules' metadata", "[docs]") {
  const fs::path path = fs::path(JOBWARDEN_SOURCE_DIR) / "docs" / "rules.md";
  if (!fs::is_regular_file(path)) FAIL("docs/rules.md is missing: run scripts/gen-docs.sh");
  const std::string committed = read_file(path);
  const std::string generated = generated_markdown();
  if (committed != generated) {
    FAIL("docs/rules.md is stale: run scripts/gen-docs.sh\nfirst difference at "
         << first_difference(committed, generated));
  }
}

TEST_CASE("docs/rules.md documents every rule with its reference and webhook note", "[docs]") {
  const std::string markdown = generated_markdown();
  for (const auto& rule : jobwarden::core::Registry::instance().rules()) {
    const auto& info = rule.info;
    INFO(info.id);
    CHECK(markdown.find("\n## " + info.id + "\n") != std::string::npos);
    CHECK(markdown.find("[`" + info.id + "`](#" + info.id + ")") != std::string::npos);
    CHECK_FALSE(info.title.empty());
    CHECK_FALSE(info.summary.empty());
    CHECK_FALSE(info.rationale.empty());
    CHECK_FALSE(info.remediation.empty());
    CHECK_FALSE(info.webhook_note.empty());
    if (!info.reference.empty()) {
      CHECK(markdown.find("- Reference: " + info.reference) != std::string::npos);
    }
    for (const auto& option : info.options) {
      CHECK(markdown.find("| `" + option.name + "` |") != std::string::npos);
    }
  }
}
