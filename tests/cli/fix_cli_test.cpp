// `jobwarden lint --fix` / `--diff` through the real binary, in a temporary directory: exact
// rewritten text, exact diff, and the safety cases (read-only file, disk full, directories).
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "cli/file_writer.hpp"
#include "tests/support/scratch.hpp"

namespace {

namespace fs = std::filesystem;

using jobwarden::testing::read_file;
using jobwarden::testing::write_file;
using Run = jobwarden::testing::CommandResult;

// A scratch directory with no .jobwarden.yaml above it (the default config applies).
struct Scratch {
  jobwarden::testing::TempDir temp;
  const fs::path& dir = temp.path();
  // `cd DIR && PREFIX jobwarden ARGS`, with stderr captured separately.
  Run run(const std::string& args, const std::string& prefix = "") const {
    Run result = jobwarden::testing::run_shell("cd '" + dir.string() + "' && " + prefix + "'" +
                                               std::string(JOBWARDEN_BINARY) + "' " + args);
    REQUIRE(result.code >= 0);
    return result;
  }
};

// examples/good/fixed-count-job.yaml without its ttlSecondsAfterFinished line.
std::string job_without_ttl() {
  std::string text =
      read_file(fs::path(JOBWARDEN_SOURCE_DIR) / "examples/good/fixed-count-job.yaml");
  const std::string line = "  ttlSecondsAfterFinished: 86400\n";
  auto at = text.find(line);
  REQUIRE(at != std::string::npos);
  text.erase(at, line.size());
  return text;
}

const std::string kRemaining =
    "job.yaml:9:1: info: podFailurePolicy is not set: fatal failures are retried until "
    "backoffLimit runs out, and pods evicted by disruptions count against it "
    "[job-missing-pod-failure-policy]\n";

}  // namespace

TEST_CASE("lint --diff prints the change and leaves the file alone", "[cli][fix]") {
  Scratch scratch;
  const std::string original = job_without_ttl();
  write_file(scratch.dir / "job.yaml", original);
  Run run = scratch.run("lint --diff job.yaml");
  CHECK(run.code == 0);
  CHECK(run.err == "");
  CHECK(run.out ==
        "--- a/job.yaml\n+++ b/job.yaml\n@@ -27,3 +27,4 @@\n"
        "               memory: 128Mi\n"
        "             limits:\n"
        "               memory: 128Mi\n"
        "+  ttlSecondsAfterFinished: 86400\n");
  CHECK(read_file(scratch.dir / "job.yaml") == original);
}

TEST_CASE("lint --fix rewrites the file, keeps its mode, and is idempotent", "[cli][fix]") {
  Scratch scratch;
  const std::string original = job_without_ttl();
  write_file(scratch.dir / "job.yaml", original);
  fs::permissions(scratch.dir / "job.yaml",
                  fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  Run run = scratch.run("lint --fix job.yaml");
  CHECK(run.code == 0);
  CHECK(run.err == "jobwarden: job.yaml: fixed 1 finding\n");
  CHECK(run.out.find("[job-missing-ttl]") == std::string::npos);
  CHECK(run.out.rfind(kRemaining, 0) == 0);
  CHECK(run.out.ends_with("0 errors, 0 warnings, 1 info in 1 object (1 file)\n"));
  CHECK(read_file(scratch.dir / "job.yaml") == original + "  ttlSecondsAfterFinished: 86400\n");
  CHECK(fs::status(scratch.dir / "job.yaml").permissions() ==
        (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));

  Run again = scratch.run("lint --fix job.yaml");
  CHECK(again.code == 0);
  CHECK(again.err == "");
  CHECK(read_file(scratch.dir / "job.yaml") == original + "  ttlSecondsAfterFinished: 86400\n");
}

TEST_CASE("lint --fix refuses a read-only file and leaves it unchanged", "[cli][fix]") {
  Scratch scratch;
  const std::string original = job_without_ttl();
  write_file(scratch.dir / "job.yaml", original);
  fs::permissions(scratch.dir / "job.yaml", fs::perms::owner_read | fs::perms::group_read);
  Run run = scratch.run("lint --fix job.yaml");
  CHECK(run.code == 2);
  CHECK(run.err == "jobwarden: job.yaml: file is read-only; not rewritten\n");
  CHECK(read_file(scratch.dir / "job.yaml") == original);
}

TEST_CASE("lint --fix on a full disk fails cleanly: exit 2, original kept, no temp file",
          "[cli][fix]") {
  Scratch scratch;
  // Larger than the 1 KiB file-size limit set below, so writing the temporary copy fails (EFBIG).
  const std::string original = "# " + std::string(3000, 'x') + "\n" + job_without_ttl();
  write_file(scratch.dir / "job.yaml", original);
  Run run = scratch.run("lint --fix job.yaml", "ulimit -f 1; ");
  CHECK(run.code == 2);
  CHECK(run.err == "jobwarden: job.yaml: cannot write (disk full?): File too large\n");
  CHECK(read_file(scratch.dir / "job.yaml") == original);
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(scratch.dir)) ++entries;
  CHECK(entries == 1);  // only job.yaml: the temporary file was removed
}

TEST_CASE("lint --fix usage errors: stdin, --fix with --diff, bad --kube-version", "[cli][fix]") {
  Scratch scratch;
  write_file(scratch.dir / "job.yaml", job_without_ttl());
  Run stdin_run = scratch.run("lint --fix - < job.yaml");
  CHECK(stdin_run.code == 2);
  CHECK(stdin_run.err.rfind("jobwarden: --fix cannot rewrite standard input (use --diff)\n", 0) ==
        0);
  Run both = scratch.run("lint --fix --diff job.yaml");
  CHECK(both.code == 2);
  CHECK(both.err.rfind("jobwarden: --fix and --diff cannot be combined\n", 0) == 0);
  Run version = scratch.run("lint --kube-version 2.x job.yaml");
  CHECK(version.code == 2);
  CHECK(version.err.rfind("jobwarden: invalid --kube-version \"2.x\" (expected 1.N, e.g. 1.31)\n",
                          0) == 0);
}

TEST_CASE("lint --kube-version changes the verdict of version rules", "[cli][fix]") {
  Scratch scratch;
  write_file(scratch.dir / "job.yaml", read_file(fs::path(JOBWARDEN_SOURCE_DIR) /
                                                 "examples/good/pod-failure-policy-job.yaml"));
  Run current = scratch.run("lint --fail-on error job.yaml");
  CHECK(current.code == 0);
  Run old = scratch.run("lint --kube-version 1.24 --fail-on error job.yaml");
  CHECK(old.code == 1);
  CHECK(old.out.find("[job-field-unsupported-in-version]") != std::string::npos);
}

TEST_CASE("atomic replace refuses directories and keeps symlinks", "[cli][fix]") {
  Scratch scratch;
  fs::create_directory(scratch.dir / "dir.yaml");
  auto error = jobwarden::cli::replace_file_atomically((scratch.dir / "dir.yaml").string(), "x");
  REQUIRE(error.has_value());
  CHECK(*error == "is a directory, not a file");
  write_file(scratch.dir / "target.yaml", "old\n");
  fs::create_symlink("target.yaml", scratch.dir / "link.yaml");
  CHECK_FALSE(
      jobwarden::cli::replace_file_atomically((scratch.dir / "link.yaml").string(), "new\n"));
  CHECK(fs::is_symlink(scratch.dir / "link.yaml"));
  CHECK(read_file(scratch.dir / "target.yaml") == "new\n");
}
