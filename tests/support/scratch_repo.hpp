#pragma once

// A scratch repository for the tests that run git, pre-commit or the GitHub Action's steps
// against the built jobwarden, and the bad Job those repositories hold.
#include <filesystem>
#include <string>

#include <catch2/catch.hpp>

#include "tests/support/scratch.hpp"

namespace jobwarden::testing {

// TEMP/repo (created), and a shell prefix that enters it with a private PRE_COMMIT_HOME, a git
// identity and the directory of the jobwarden under test first on PATH.
struct ScratchRepo {
  TempDir temp;
  std::filesystem::path dir = temp.path() / "repo";
  std::string env;

  ScratchRepo() {
    std::filesystem::create_directories(dir);
    env = "cd '" + dir.string() + "' && export PRE_COMMIT_HOME='" +
          (temp.path() / "pre-commit-home").string() +
          "' GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t "
          "GIT_COMMITTER_EMAIL=t@example.com PATH='" +
          std::filesystem::path(JOBWARDEN_BINARY).parent_path().string() + "':\"$PATH\" && ";
  }
  // Writes `text` to `relative` inside the repository.
  void write(const std::string& relative, const std::string& text) const {
    temp.write("repo/" + relative, text);
  }
  // `command` in the repository, its first step bounded by `timeout` seconds; stdout and stderr
  // merged into `out`.
  CommandResult run(const std::string& command, int timeout = 300) const {
    CommandResult result;
    result.code =
        run_command(env + "timeout " + std::to_string(timeout) + " " + command, &result.out);
    REQUIRE(result.code >= 0);
    return result;
  }
};

// A Job whose pod template has restartPolicy Always (an error), with backoffLimit,
// activeDeadlineSeconds and resources set; `ttl` adds ttlSecondsAfterFinished: 600.
inline std::string backfill_job(bool ttl) {
  return std::string(
             "apiVersion: batch/v1\n"
             "kind: Job\n"
             "metadata:\n"
             "  name: backfill\n"
             "spec:\n"
             "  backoffLimit: 2\n"
             "  activeDeadlineSeconds: 600\n") +
         (ttl ? "  ttlSecondsAfterFinished: 600\n" : "") +
         "  template:\n"
         "    spec:\n"
         "      restartPolicy: Always\n"
         "      containers:\n"
         "        - name: backfill\n"
         "          image: ghcr.io/example/backfill:1.0\n"
         "          resources: {limits: {memory: 64Mi}}\n";
}

}  // namespace jobwarden::testing
