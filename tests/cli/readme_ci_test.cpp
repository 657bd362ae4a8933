// The README's "Use in CI" snippets stay true: the GitLab CI job's script runs here and writes
// valid reports; the GitHub workflow uses only inputs action.yml declares; the pre-commit
// snippet names hooks .pre-commit-hooks.yaml defines.
#include <filesystem>
#include <set>
#include <string>

#include <yaml-cpp/yaml.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/cli/ci_support.hpp"

namespace {

namespace fs = std::filesystem;
using jobwarden::testing::read_file;
using jobwarden::testing::source_dir;

// The ```yaml block of README.md whose first line is `first_line`.
YAML::Node readme_yaml(const std::string& first_line) {
  const std::string readme = read_file(fs::path(source_dir()) / "README.md");
  const std::string fence = "```yaml\n" + first_line + "\n";
  const auto begin = readme.find(fence);
  REQUIRE(begin != std::string::npos);
  const auto body = begin + std::string("```yaml\n").size();
  const auto end = readme.find("```", body);
  REQUIRE(end != std::string::npos);
  return YAML::Load(readme.substr(body, end - body));
}

}  // namespace

TEST_CASE("README: the GitLab CI job's script writes Code Quality and JUnit reports",
          "[cli][ci][readme]") {
  YAML::Node job = readme_yaml("# .gitlab-ci.yml")["jobwarden"];
  REQUIRE(job["script"].IsSequence());
  jobwarden::testing::TempDir temp;
  temp.write("deploy/job.yaml",
             read_file(fs::path(source_dir()) / "tests/cli/data/ci/report.yaml"));
  std::string script;
  for (const auto& line : job["script"]) script += line.as<std::string>() + "\n";
  auto run = jobwarden::testing::run_shell("cd '" + temp.path().string() + "' && export PATH='" +
                                           fs::path(JOBWARDEN_BINARY).parent_path().string() +
                                           "':\"$PATH\" && " + script);
  INFO(run.out << run.err);
  CHECK(run.code == 1);  // the error fails the job; the artifacts are kept (when: always)
  const YAML::Node reports = job["artifacts"]["reports"];
  auto quality =
      nlohmann::json::parse(read_file(temp.path() / reports["codequality"].as<std::string>()));
  REQUIRE(quality.size() == 3);
  CHECK(quality[0]["location"]["path"] == "deploy/job.yaml");
  const std::string junit = (temp.path() / reports["junit"].as<std::string>()).string();
  CHECK(jobwarden::testing::run_command("xmllint --noout --schema '" + source_dir() +
                                        "/tests/cli/data/ci/junit.xsd' '" + junit + "'") == 0);
  CHECK(read_file(junit).find("<failure type=\"job-restart-policy-always\"") != std::string::npos);
}

TEST_CASE("README: the GitHub workflow passes inputs action.yml declares and uploads its SARIF",
          "[cli][ci][readme]") {
  YAML::Node workflow = readme_yaml("# .github/workflows/jobwarden.yaml");
  YAML::Node action = YAML::LoadFile(source_dir() + "/action.yml");
  std::string sarif;
  bool uploads = false;
  for (const auto& step : workflow["jobs"]["lint"]["steps"]) {
    if (!step["uses"]) continue;
    const std::string uses = step["uses"].as<std::string>();
    if (uses.find("/jobwarden@") != std::string::npos) {
      for (const auto& input : step["with"]) {
        INFO(input.first.as<std::string>());
        CHECK(action["inputs"][input.first.as<std::string>()].IsMap());
      }
      sarif = step["with"]["sarif-file"].as<std::string>();
    }
    if (uses.rfind("github/codeql-action/upload-sarif@", 0) == 0) {
      uploads = true;
      CHECK(step["with"]["sarif_file"].as<std::string>() == sarif);
    }
  }
  CHECK(!sarif.empty());
  CHECK(uploads);
}

TEST_CASE("README: the pre-commit snippet names the hooks this repository defines",
          "[cli][ci][readme]") {
  YAML::Node config = readme_yaml("# .pre-commit-config.yaml");
  YAML::Node hooks = YAML::LoadFile(source_dir() + "/.pre-commit-hooks.yaml");
  std::set<std::string> defined;
  for (const auto& hook : hooks) defined.insert(hook["id"].as<std::string>());
  std::set<std::string> used;
  for (const auto& hook : config["repos"][0]["hooks"]) used.insert(hook["id"].as<std::string>());
  CHECK(used == std::set<std::string>{"jobwarden", "jobwarden-helm"});
  CHECK(defined == used);
}
