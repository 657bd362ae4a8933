// The pre-commit hook for real: `pre-commit try-repo <this repo> jobwarden` in a scratch git
// repository, with the built binary first on PATH (the hook is `language: system`).
#include <filesystem>
#include <string>

#include <catch2/catch.hpp>

#include "tests/support/scratch.hpp"

namespace {

namespace fs = std::filesystem;

// `bash -c COMMAND` with stdout and stderr merged (pre-commit reports on both).
jobwarden::testing::CommandResult shell(const std::string& command) {
  jobwarden::testing::CommandResult result;
  result.code = jobwarden::testing::run_command("bash -c '" + command + "'", &result.out);
  REQUIRE(result.code >= 0);
  return result;
}

}  // namespace

TEST_CASE("pre-commit runs the jobwarden hook: bad manifests fail, good ones pass",
          "[cli][pre-commit]") {
  REQUIRE(shell("command -v pre-commit").code == 0);  // scripts/install-deps.sh installs it
  jobwarden::testing::TempDir temp;
  const fs::path& dir = temp.path();
  const fs::path source = JOBWARDEN_SOURCE_DIR;
  fs::copy_file(source / "examples/bad/cronjob.yaml", dir / "bad.yaml");
  fs::copy_file(source / "examples/good/cronjob.yaml", dir / "good.yaml");
  const std::string setup =
      "cd " + dir.string() + " && git init -q && git add . && export PRE_COMMIT_HOME=" +
      (dir / ".pre-commit-home").string() +
      " PATH=" + fs::path(JOBWARDEN_BINARY).parent_path().string() +
      ":$PATH && timeout 120 pre-commit try-repo " + source.string() + " jobwarden --files ";

  auto bad = shell(setup + "bad.yaml");
  INFO(bad.out);
  CHECK(bad.code == 1);
  CHECK(bad.out.find("jobwarden....") != std::string::npos);
  CHECK(bad.out.find("Failed") != std::string::npos);
  CHECK(bad.out.find("bad.yaml:15:11: error: restartPolicy Always is not allowed in a Job pod "
                     "template") != std::string::npos);

  auto good = shell(setup + "good.yaml");
  INFO(good.out);
  CHECK(good.code == 0);
  CHECK(good.out.find("Passed") != std::string::npos);
}
