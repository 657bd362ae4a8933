// The pre-commit hook for real: `pre-commit try-repo <this repo> jobwarden` in a scratch git
// repository, with the built binary first on PATH (the hook is `language: system`).
#include <filesystem>
#include <string>

#include <catch2/catch.hpp>

#include "tests/support/scratch_repo.hpp"

namespace fs = std::filesystem;
using jobwarden::testing::ScratchRepo;

TEST_CASE("pre-commit runs the jobwarden hook: bad manifests fail, good ones pass",
          "[cli][pre-commit]") {
  REQUIRE(jobwarden::testing::run_command("command -v pre-commit") == 0);  // install-deps.sh
  ScratchRepo repo;
  const fs::path source = JOBWARDEN_SOURCE_DIR;
  fs::copy_file(source / "examples/bad/cronjob.yaml", repo.dir / "bad.yaml");
  fs::copy_file(source / "examples/good/cronjob.yaml", repo.dir / "good.yaml");
  REQUIRE(repo.run("git init -q && git add .").code == 0);
  const std::string try_repo = "pre-commit try-repo " + source.string() + " jobwarden --files ";

  auto bad = repo.run(try_repo + "bad.yaml", 120);
  INFO(bad.out);
  CHECK(bad.code == 1);
  CHECK(bad.out.find("jobwarden....") != std::string::npos);
  CHECK(bad.out.find("Failed") != std::string::npos);
  CHECK(bad.out.find("bad.yaml:15:11: error: restartPolicy Always is not allowed in a Job pod "
                     "template") != std::string::npos);

  auto good = repo.run(try_repo + "good.yaml", 120);
  INFO(good.out);
  CHECK(good.code == 0);
  CHECK(good.out.find("Passed") != std::string::npos);
}
