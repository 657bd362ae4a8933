// pre-commit as a new user meets it: a git repository with a bad Job, a good one, a Helm chart,
// GitHub workflows, a docker-compose file and a values.yaml; `.pre-commit-config.yaml` points at
// this repository (at its HEAD commit); `pre-commit install` and real `git commit`s.
#include <filesystem>
#include <string>

#include <catch2/catch.hpp>

#include "tests/cli/ci_support.hpp"
#include "tests/support/scratch_repo.hpp"

namespace {

namespace fs = std::filesystem;
using jobwarden::testing::source_dir;

const std::string kBadJob = jobwarden::testing::backfill_job(/*ttl=*/true);

std::string fixed(std::string text) {
  text.replace(text.find("restartPolicy: Always"), 21, "restartPolicy: Never");
  return text;
}

using Repo = jobwarden::testing::ScratchRepo;

void write_repository(const Repo& repo, const std::string& hooks) {
  auto head = jobwarden::testing::run_shell("git -C '" + source_dir() + "' rev-parse HEAD");
  REQUIRE(head.code == 0);
  std::string rev = head.out.substr(0, head.out.find('\n'));
  repo.write(".pre-commit-config.yaml",
             "repos:\n  - repo: " + source_dir() + "\n    rev: " + rev + "\n    hooks:\n" + hooks);
  repo.write("jobs/bad.yaml", kBadJob);
  repo.write("jobs/good.yaml", fixed(kBadJob));
  repo.write(
      ".github/workflows/ci.yaml",
      "name: ci\non:\n  push:\n    branches: [main]\njobs:\n  test:\n    runs-on: "
      "ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: make test\n");
  repo.write("docker-compose.yaml",
             "services:\n  web:\n    image: nginx:1.27\n    ports: [\"8080:80\"]\n");
  repo.write("values.yaml", "replicaCount: 2\nimage:\n  tag: \"1.0\"\n");
  const fs::path chart = fs::path(source_dir()) / "tests/cli/data/chart/demo";
  fs::create_directories(repo.dir / "charts");
  fs::copy(chart, repo.dir / "charts/demo", fs::copy_options::recursive);
}

}  // namespace

TEST_CASE("pre-commit: the jobwarden hook refuses the bad Job, accepts the fix, skips charts",
          "[cli][pre-commit][ci]") {
  REQUIRE(jobwarden::testing::run_command("command -v pre-commit") == 0);
  Repo repo;
  write_repository(repo, "      - id: jobwarden\n");
  REQUIRE(repo.run("git init -q && pre-commit install").code == 0);

  auto refused = repo.run("git add -A && git commit -q -m first");
  INFO(refused.out);
  CHECK(refused.code == 1);
  CHECK(refused.out.find("jobwarden....") != std::string::npos);
  CHECK(refused.out.find("Failed") != std::string::npos);
  CHECK(refused.out.find("jobs/bad.yaml:11:7: error: restartPolicy Always is not allowed in a Job "
                         "pod template") != std::string::npos);
  // The chart's templates, the workflow, the compose file and values.yaml cause no error: the
  // one error is the bad Job's, and nothing failed to parse.
  std::size_t errors = 0;
  for (auto at = refused.out.find(": error:"); at != std::string::npos;
       at = refused.out.find(": error:", at + 1)) {
    ++errors;
  }
  CHECK(errors == 1);
  CHECK(refused.out.find(": yaml:") == std::string::npos);
  CHECK(refused.out.find("jobs/good.yaml:5:1: info:") != std::string::npos);  // shown, not fatal
  CHECK(refused.out.find("note: skipped charts/demo/templates/job.yaml: a Helm template") !=
        std::string::npos);
  CHECK(repo.run("git rev-parse -q --verify HEAD").code != 0);  // nothing was committed

  repo.write("jobs/bad.yaml", fixed(kBadJob));
  auto accepted = repo.run("git add -A && git commit -q -m first");
  INFO(accepted.out);
  CHECK(accepted.code == 0);
  CHECK(accepted.out.find("jobwarden....") != std::string::npos);
  CHECK(accepted.out.find("Passed") != std::string::npos);
  CHECK(repo.run("git rev-parse -q --verify HEAD").code == 0);
}

TEST_CASE("pre-commit: jobwarden-helm renders the changed chart and names its template",
          "[cli][pre-commit][ci][helm]") {
  REQUIRE(jobwarden::testing::run_command("command -v pre-commit") == 0);
  REQUIRE(jobwarden::testing::run_command("command -v helm") == 0);
  Repo repo;
  write_repository(repo, "      - id: jobwarden-helm\n");
  REQUIRE(repo.run("git init -q && pre-commit install").code == 0);
  auto refused = repo.run("git add -A && git commit -q -m chart");
  INFO(refused.out);
  CHECK(refused.code == 1);
  CHECK(refused.out.find("jobwarden (Helm charts)") != std::string::npos);
  CHECK(refused.out.find("charts/demo/templates/job.yaml:12:7: error: restartPolicy Always is not "
                         "allowed in a Job pod template") != std::string::npos);

  const fs::path job = repo.dir / "charts/demo/templates/job.yaml";
  jobwarden::testing::write_file(job, fixed(jobwarden::testing::read_file(job)));
  auto accepted = repo.run("git add -A && git commit -q -m chart");
  INFO(accepted.out);
  CHECK(accepted.code == 0);
  CHECK(accepted.out.find("Passed") != std::string::npos);
}
