// The pre-commit hook for real: `pre-commit try-repo <this repo> jobwarden` in a scratch git
// repository, with the built binary first on PATH (the hook is `language: system`).
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <catch2/catch.hpp>

namespace {

namespace fs = std::filesystem;

struct Result {
  int code = -1;
  std::string out;
};

Result shell(const std::string& command) {
  Result result;
  FILE* pipe = ::popen(("bash -c '" + command + "' 2>&1").c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, n);
  int status = ::pclose(pipe);
  REQUIRE(WIFEXITED(status));
  result.code = WEXITSTATUS(status);
  return result;
}

}  // namespace

TEST_CASE("pre-commit runs the jobwarden hook: bad manifests fail, good ones pass",
          "[cli][pre-commit]") {
  REQUIRE(shell("command -v pre-commit").code == 0);  // scripts/install-deps.sh installs it
  char name[] = "/tmp/jobwarden-pre-commit-XXXXXX";
  REQUIRE(::mkdtemp(name) != nullptr);
  const fs::path dir = name;
  const fs::path source = JOBWARDEN_SOURCE_DIR;
  fs::copy_file(source / "examples/bad/cronjob.yaml", dir / "bad.yaml");
  fs::copy_file(source / "examples/good/cronjob.yaml", dir / "good.yaml");
  const std::string setup =
      "cd " + dir.string() + " && git init -q && git add . && export PRE_COMMIT_HOME=" +
      (dir / ".pre-commit-home").string() +
      " PATH=" + fs::path(JOBWARDEN_BINARY).parent_path().string() +
      ":$PATH && timeout 120 pre-commit try-repo " + source.string() + " jobwarden --files ";

  Result bad = shell(setup + "bad.yaml");
  INFO(bad.out);
  CHECK(bad.code == 1);
  CHECK(bad.out.find("jobwarden....") != std::string::npos);
  CHECK(bad.out.find("Failed") != std::string::npos);
  CHECK(bad.out.find("bad.yaml:15:11: error: restartPolicy Always is not allowed in a Job pod "
                     "template") != std::string::npos);

  Result good = shell(setup + "good.yaml");
  INFO(good.out);
  CHECK(good.code == 0);
  CHECK(good.out.find("Passed") != std::string::npos);
  fs::remove_all(dir);
}
