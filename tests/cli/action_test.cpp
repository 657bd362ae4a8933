// The GitHub Action (action.yml at the repository root), run on this machine as the runner runs
// a composite action: each `run:` step through `bash --noprofile --norc -eo pipefail`, with
// `${{ inputs.* }}`, `${{ steps.*.outputs.* }}` and `${{ github.action_path }}` substituted, the
// step's `env:`, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, RUNNER_TEMP and a workspace as the
// working directory. The one `uses:` step (actions/cache) is played by the test: a cache hit
// restores the binary built here. JOBWARDEN_ACTION_TEST_BUILD=1 also runs a cache miss, which
// builds jobwarden from scratch with the action's own build step (minutes).
#include <cstdlib>
#include <filesystem>
#include <map>
#include <regex>
#include <string>

#include <yaml-cpp/yaml.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/cli/ci_support.hpp"
#include "tests/support/scratch_repo.hpp"

namespace {

namespace fs = std::filesystem;
using jobwarden::testing::read_file;
using jobwarden::testing::source_dir;

std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

struct StepRun {
  std::string id;
  int code = 0;
  std::string out;
};

class ActionRunner {
 public:
  ActionRunner(const jobwarden::testing::TempDir& temp, std::map<std::string, std::string> inputs,
               bool cache_hit)
      : temp_(temp), cache_hit_(cache_hit) {
    action_ = YAML::LoadFile(source_dir() + "/action.yml");
    for (const auto& input : action_["inputs"]) {
      const std::string name = input.first.as<std::string>();
      inputs_[name] = input.second["default"] ? input.second["default"].as<std::string>() : "";
    }
    for (auto& [name, value] : inputs) {
      REQUIRE(inputs_.count(name) == 1);  // only inputs the action declares
      inputs_[name] = value;
    }
    fs::create_directories(temp_.path() / "home");
    fs::create_directories(temp_.path() / "runner-temp");
    fs::create_directories(workspace());
  }

  fs::path workspace() const { return temp_.path() / "workspace"; }
  fs::path home() const { return temp_.path() / "home"; }
  std::string summary() const { return read_file(temp_.path() / "step-summary.md"); }
  const std::map<std::string, std::string>& outputs(const std::string& step) {
    return outputs_[step];
  }

  // Runs every step in order until one fails; returns what each step did.
  std::vector<StepRun> run() {
    std::vector<StepRun> runs;
    jobwarden::testing::write_file(temp_.path() / "step-summary.md", "");
    REQUIRE(action_["runs"]["using"].as<std::string>() == "composite");
    for (const auto& step : action_["runs"]["steps"]) {
      const std::string id = step["id"] ? step["id"].as<std::string>() : "";
      if (step["if"]) {
        REQUIRE(step["if"].as<std::string>() == "steps.cache.outputs.cache-hit != 'true'");
        if (outputs_["cache"]["cache-hit"] == "true") continue;
      }
      if (step["uses"]) {
        REQUIRE(step["uses"].as<std::string>() == "actions/cache@v4");
        play_cache(substitute(step["with"]["path"].as<std::string>()));
        continue;
      }
      REQUIRE(step["shell"].as<std::string>() == "bash");
      StepRun result = run_step(id, step);
      runs.push_back(result);
      if (result.code != 0) break;
    }
    return runs;
  }

 private:
  std::string substitute(const std::string& text) {
    static const std::regex kExpression(R"(\$\{\{\s*([^}]*?)\s*\}\})");
    std::string out;
    auto begin = std::sregex_iterator(text.begin(), text.end(), kExpression);
    std::size_t last = 0;
    for (auto it = begin; it != std::sregex_iterator(); ++it) {
      out += text.substr(last, it->position() - last);
      const std::string expression = (*it)[1].str();
      std::smatch parts;
      if (std::regex_match(expression, parts, std::regex(R"(inputs\.([\w-]+))"))) {
        REQUIRE(inputs_.count(parts[1].str()) == 1);
        out += inputs_[parts[1].str()];
      } else if (std::regex_match(expression, parts,
                                  std::regex(R"(steps\.([\w-]+)\.outputs\.([\w-]+))"))) {
        out += outputs_[parts[1].str()][parts[2].str()];
      } else if (expression == "github.action_path") {
        out += source_dir();
      } else {
        FAIL("action.yml uses an expression the test does not know: " << expression);
      }
      last = it->position() + it->length();
    }
    return out + text.substr(last);
  }

  // actions/cache: a hit restores the cached directory (the binary built here); a miss leaves
  // it empty for the build step.
  void play_cache(const std::string& path) {
    REQUIRE(!path.empty());
    REQUIRE(path.rfind(home().string(), 0) == 0);  // under $HOME, as the key step says
    if (cache_hit_) {
      fs::create_directories(fs::path(path) / "bin");
      fs::copy_file(JOBWARDEN_BINARY, fs::path(path) / "bin/jobwarden",
                    fs::copy_options::overwrite_existing);
    }
    outputs_["cache"]["cache-hit"] = cache_hit_ ? "true" : "false";
  }

  StepRun run_step(const std::string& id, const YAML::Node& step) {
    const fs::path output = temp_.path() / ("output-" + std::to_string(++count_));
    jobwarden::testing::write_file(output, "");
    const fs::path script = temp_.path() / ("step-" + std::to_string(count_) + ".sh");
    jobwarden::testing::write_file(script, substitute(step["run"].as<std::string>()));
    std::string env = "export GITHUB_ACTION_PATH=" + shell_quote(source_dir()) +
                      " GITHUB_OUTPUT=" + shell_quote(output.string()) + " GITHUB_STEP_SUMMARY=" +
                      shell_quote((temp_.path() / "step-summary.md").string()) +
                      " GITHUB_WORKSPACE=" + shell_quote(workspace().string()) +
                      " RUNNER_TEMP=" + shell_quote((temp_.path() / "runner-temp").string()) +
                      " RUNNER_OS=Linux HOME=" + shell_quote(home().string()) + "; ";
    if (step["env"]) {
      for (const auto& entry : step["env"]) {
        env += "export " + entry.first.as<std::string>() + "=" +
               shell_quote(substitute(entry.second.as<std::string>())) + "; ";
      }
    }
    StepRun result;
    result.id = id;
    result.code = jobwarden::testing::run_command(env + "cd " + shell_quote(workspace().string()) +
                                                      " && bash --noprofile --norc -eo pipefail " +
                                                      shell_quote(script.string()),
                                                  &result.out);
    // GITHUB_OUTPUT: one name=value per line.
    std::string text = read_file(output);
    std::size_t begin = 0;
    while (begin < text.size()) {
      std::size_t end = text.find('\n', begin);
      if (end == std::string::npos) end = text.size();
      const std::string line = text.substr(begin, end - begin);
      const auto eq = line.find('=');
      if (eq != std::string::npos && !id.empty())
        outputs_[id][line.substr(0, eq)] = line.substr(eq + 1);
      begin = end + 1;
    }
    return result;
  }

  const jobwarden::testing::TempDir& temp_;
  bool cache_hit_;
  YAML::Node action_;
  std::map<std::string, std::string> inputs_;
  std::map<std::string, std::map<std::string, std::string>> outputs_;
  int count_ = 0;
};

const std::string kBadJob = jobwarden::testing::backfill_job(/*ttl=*/false);

void write_workspace(const ActionRunner& runner) {
  fs::create_directories(runner.workspace() / "deploy/jobs");
  jobwarden::testing::write_file(runner.workspace() / "deploy/jobs/backfill.yaml", kBadJob);
  jobwarden::testing::write_file(runner.workspace() / "deploy/other.yaml",
                                 "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
}

}  // namespace

TEST_CASE("action.yml: lint with annotations and a SARIF file, fails on the bad Job",
          "[cli][ci][action]") {
  jobwarden::testing::TempDir temp;
  ActionRunner runner(
      temp, {{"paths", "deploy/jobs\ndeploy/other.yaml"}, {"sarif-file", "jobwarden.sarif"}},
      /*cache_hit=*/true);
  write_workspace(runner);
  auto steps = runner.run();
  REQUIRE(steps.size() == 3);  // key, install deps, lint (the build is skipped on a cache hit)
  CHECK(steps[0].code == 0);
  CHECK(runner.outputs("key").at("key").rfind("jobwarden-Linux-", 0) == 0);
  INFO(steps[1].out);
  CHECK(steps[1].code == 0);
  const StepRun& lint = steps[2];
  INFO(lint.out);
  CHECK(lint.id == "lint");
  CHECK(lint.code == 1);
  CHECK(lint.out.find("::error file=deploy/jobs/backfill.yaml,line=10,col=7,title=job-restart-"
                      "policy-always::restartPolicy Always is not allowed") != std::string::npos);
  CHECK(lint.out.find(
            "::warning file=deploy/jobs/backfill.yaml,line=5,col=1,title=job-missing-ttl::") !=
        std::string::npos);
  // The text report follows the annotations in the log and goes to the step summary.
  CHECK(lint.out.find("1 error, 1 warning, 1 info in 1 object (2 files, 1 other object skipped)") !=
        std::string::npos);
  CHECK(runner.summary().find("### jobwarden\n```\ndeploy/jobs/backfill.yaml:5:1: info:") == 0);
  CHECK(runner.outputs("lint").at("sarif-file") == "jobwarden.sarif");
  auto sarif = nlohmann::json::parse(read_file(runner.workspace() / "jobwarden.sarif"));
  CHECK(sarif["runs"][0]["results"].size() == 3);
  CHECK(sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
             ["uri"] == "deploy/jobs/backfill.yaml");
}

TEST_CASE("action.yml: baseline, fail-on and config inputs", "[cli][ci][action]") {
  jobwarden::testing::TempDir temp;
  {
    ActionRunner runner(
        temp, {{"paths", "deploy"}, {"fail-on", "warning"}, {"baseline", "ci/baseline.json"}},
        true);
    write_workspace(runner);
    fs::create_directories(runner.workspace() / "ci");
    REQUIRE(jobwarden::testing::run_command(
                "cd " + shell_quote(runner.workspace().string()) + " && '" + JOBWARDEN_BINARY +
                "' lint --write-baseline ci/baseline.json deploy") == 0);
    auto steps = runner.run();
    REQUIRE(steps.size() == 3);
    INFO(steps[2].out);
    CHECK(steps[2].code == 0);
    CHECK(steps[2].out.find("baseline ci/baseline.json: 3 findings hidden") != std::string::npos);
    CHECK(steps[2].out.find("::") == std::string::npos);
  }
  jobwarden::testing::TempDir temp2;
  ActionRunner runner(
      temp2, {{"paths", "deploy"}, {"config", "ci/jobwarden.yaml"}, {"fail-on", "info"}}, true);
  write_workspace(runner);
  fs::create_directories(runner.workspace() / "ci");
  jobwarden::testing::write_file(
      runner.workspace() / "ci/jobwarden.yaml",
      "rules:\n  job-restart-policy-always: off\n  job-missing-ttl: off\n"
      "  job-missing-pod-failure-policy: off\n");
  auto steps = runner.run();
  REQUIRE(steps.size() == 3);
  INFO(steps[2].out);
  CHECK(steps[2].code == 0);
  CHECK(steps[2].out.find("no findings in 1 object (2 files, 1 other object skipped)") !=
        std::string::npos);
}

TEST_CASE("action.yml: a cache miss builds jobwarden with the action's build step",
          "[cli][ci][action][.build]") {
  const char* enabled = std::getenv("JOBWARDEN_ACTION_TEST_BUILD");
  if (enabled == nullptr || std::string(enabled) != "1") {
    WARN("set JOBWARDEN_ACTION_TEST_BUILD=1 to build jobwarden from scratch through action.yml");
    return;
  }
  jobwarden::testing::TempDir temp;
  ActionRunner runner(temp, {{"paths", "deploy"}}, /*cache_hit=*/false);
  write_workspace(runner);
  auto steps = runner.run();
  REQUIRE(steps.size() == 4);  // key, install deps, build, lint
  INFO(steps[2].out);
  CHECK(steps[2].code == 0);
  CHECK(fs::is_regular_file(fs::path(runner.outputs("key").at("dir")) / "bin/jobwarden"));
  CHECK(steps[3].code == 1);
  CHECK(steps[3].out.find("title=job-restart-policy-always") != std::string::npos);
}
