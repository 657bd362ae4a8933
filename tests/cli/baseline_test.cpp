// Baselines: --write-baseline records today's findings, --baseline (or `baseline:` in the config)
// hides them by file, object, rule and pointer, whatever their line.
#include <filesystem>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/cli/ci_support.hpp"

namespace {

using jobwarden::testing::jobwarden_in;
using jobwarden::testing::read_file;
using nlohmann::json;

const std::string kJob =
    "apiVersion: batch/v1\n"
    "kind: Job\n"
    "metadata:\n"
    "  name: export\n"
    "  namespace: batch\n"
    "spec:\n"
    "  backoffLimit: 2\n"
    "  activeDeadlineSeconds: 600\n"
    "  podFailurePolicy:\n"
    "    rules:\n"
    "      - action: Ignore\n"
    "        onPodConditions: [{type: DisruptionTarget}]\n"
    "  template:\n"
    "    spec:\n"
    "      restartPolicy: Never\n"
    "      containers:\n"
    "        - name: export\n"
    "          image: ghcr.io/example/export:1.4.2\n"
    "          resources: {limits: {memory: 64Mi}}\n";  // one finding: job-missing-ttl

const std::string kTenLines = "# 1\n# 2\n# 3\n# 4\n# 5\n# 6\n# 7\n# 8\n# 9\n# 10\n";

std::string with_ttl(std::string text) {
  text.replace(text.find("  backoffLimit: 2\n"), 0, "  ttlSecondsAfterFinished: 600\n");
  return text;
}

}  // namespace

TEST_CASE("baseline: recorded findings stay hidden when moved, new ones fail, fixed are listed",
          "[cli][ci][baseline]") {
  jobwarden::testing::TempDir temp;
  const std::string dir = temp.path().string();
  temp.write("jobs/export.yaml", kJob);

  auto write = jobwarden_in(dir, "lint --write-baseline .jobwarden-baseline.json jobs");
  INFO(write.err);
  CHECK(write.code == 0);
  CHECK(write.err == "jobwarden: wrote 1 finding to baseline .jobwarden-baseline.json\n");
  json baseline = json::parse(read_file(dir + "/.jobwarden-baseline.json"));
  CHECK(baseline["version"] == 1);
  CHECK(baseline["findings"] ==
        json::parse(R"([{"file":"jobs/export.yaml","kind":"Job","namespace":"batch","name":"export",
          "rule":"job-missing-ttl","pointer":"/spec","message":"ttlSecondsAfterFinished is not set: the finished Job and its pods are never deleted and pile up"}])"));

  // Moved 10 lines down: still baselined.
  temp.write("jobs/export.yaml", kTenLines + kJob);
  auto moved = jobwarden_in(dir, "lint --baseline .jobwarden-baseline.json jobs");
  CHECK(moved.code == 0);
  CHECK(moved.out ==
        "baseline .jobwarden-baseline.json: 1 finding hidden\n"
        "no findings in 1 object (1 file)\n");
  // Without the baseline the same finding is reported, 10 lines further down.
  auto plain = jobwarden_in(dir, "lint --fail-on warning jobs");
  CHECK(plain.code == 1);
  CHECK(plain.out.find("jobs/export.yaml:16:1: warning: ttlSecondsAfterFinished") == 0);

  // A new finding (a second Job without a TTL) fails, and is the only one reported.
  std::string second = kJob;
  second.replace(second.find("name: export"), 12, "name: import");
  temp.write("jobs/export.yaml", kTenLines + kJob + "---\n" + second);
  auto fresh = jobwarden_in(dir, "lint --fail-on warning --baseline .jobwarden-baseline.json jobs");
  CHECK(fresh.code == 1);
  CHECK(fresh.out ==
        "jobs/export.yaml:36:1: warning: ttlSecondsAfterFinished is not set: the finished Job and "
        "its pods are never deleted and pile up [job-missing-ttl]\n"
        "  hint: Set ttlSecondsAfterFinished to how long a finished Job should be kept (the fix "
        "sets 86400).\n"
        "baseline .jobwarden-baseline.json: 1 finding hidden\n"
        "0 errors, 1 warning, 0 info in 2 objects (1 file)\n");

  // Fixed: the entry is listed (info) so the baseline can shrink; the run passes.
  temp.write("jobs/export.yaml", with_ttl(kJob));
  auto fixed = jobwarden_in(dir, "lint --fail-on info --baseline .jobwarden-baseline.json jobs");
  CHECK(fixed.code == 0);
  CHECK(fixed.out ==
        "jobs/export.yaml: info: fixed since the baseline: Job batch/export /spec "
        "[job-missing-ttl]\n"
        "baseline .jobwarden-baseline.json: 0 findings hidden, 1 entry fixed (shrink it with "
        "--write-baseline .jobwarden-baseline.json)\n"
        "no findings in 1 object (1 file)\n");
  auto fixed_json = json::parse(
      jobwarden_in(dir, "lint --format json --baseline .jobwarden-baseline.json jobs").out);
  CHECK(fixed_json["baseline"]["hidden"] == 0);
  CHECK(fixed_json["baseline"]["fixed"][0]["rule"] == "job-missing-ttl");
  // Entries of files that were not linted in this run are not "fixed".
  temp.write("other.yaml", with_ttl(kJob));
  auto other = jobwarden_in(dir, "lint --baseline .jobwarden-baseline.json other.yaml");
  CHECK(other.out ==
        "baseline .jobwarden-baseline.json: 0 findings hidden\n"
        "no findings in 1 object (1 file)\n");
}

TEST_CASE("baseline: from the config file, relative to it, from another directory",
          "[cli][ci][baseline]") {
  jobwarden::testing::TempDir temp;
  const std::string dir = temp.path().string();
  temp.write("repo/jobs/export.yaml", kJob);
  std::filesystem::create_directory(dir + "/repo/ci");
  CHECK(jobwarden_in(dir + "/repo", "lint --write-baseline ci/baseline.json jobs").code == 0);
  CHECK(json::parse(read_file(dir + "/repo/ci/baseline.json"))["findings"][0]["file"] ==
        "../jobs/export.yaml");
  temp.write("repo/.jobwarden.yaml", "baseline: ci/baseline.json\n");
  auto run = jobwarden_in(dir + "/repo/jobs", "lint --fail-on warning export.yaml");
  CHECK(run.code == 0);
  CHECK(run.out.find("baseline " + dir + "/repo/ci/baseline.json: 1 finding hidden\n") !=
        std::string::npos);
}

TEST_CASE("baseline: corrupt, wrong version, missing, or combined with --write-baseline: exit 2",
          "[cli][ci][baseline]") {
  jobwarden::testing::TempDir temp;
  const std::string dir = temp.path().string();
  temp.write("job.yaml", kJob);
  temp.write("corrupt.json", "{\"version\": 1, \"findings\": [");
  auto corrupt = jobwarden_in(dir, "lint --baseline corrupt.json job.yaml");
  CHECK(corrupt.code == 2);
  CHECK(corrupt.out.empty());
  CHECK(corrupt.err ==
        "jobwarden: corrupt.json: not a jobwarden baseline (expected a JSON object; write one "
        "with `jobwarden lint --write-baseline corrupt.json PATH...`)\n");
  temp.write("v2.json", R"({"version": 2, "findings": []})");
  auto wrong = jobwarden_in(dir, "lint --baseline v2.json job.yaml");
  CHECK(wrong.code == 2);
  CHECK(wrong.err ==
        "jobwarden: v2.json: baseline version 2 is not supported (this jobwarden reads version 1; "
        "write it again with --write-baseline)\n");
  temp.write("entry.json", R"({"version": 1, "findings": [{"file": "job.yaml", "kind": 3}]})");
  auto entry = jobwarden_in(dir, "lint --baseline entry.json job.yaml");
  CHECK(entry.code == 2);
  CHECK(entry.err == "jobwarden: entry.json: findings[0].kind is missing or not a string\n");
  auto missing = jobwarden_in(dir, "lint --baseline nope.json job.yaml");
  CHECK(missing.code == 2);
  CHECK(missing.err ==
        "jobwarden: nope.json: cannot read the baseline: No such file or directory\n");
  auto both = jobwarden_in(dir, "lint --baseline v2.json --write-baseline b.json job.yaml");
  CHECK(both.code == 2);
  CHECK(both.err.find("--baseline and --write-baseline cannot be combined") != std::string::npos);
  auto unwritable = jobwarden_in(dir, "lint --write-baseline no/such/b.json job.yaml");
  CHECK(unwritable.code == 2);
  CHECK(unwritable.err ==
        "jobwarden: cannot write the baseline no/such/b.json: cannot create a "
        "temporary file in no/such: No such file or directory\n");
  temp.write("broken.yaml", "a: [\n");
  auto errors = jobwarden_in(dir, "lint --write-baseline b.json job.yaml broken.yaml");
  CHECK(errors.code == 2);
  CHECK(errors.err.find("baseline b.json not written: fix the errors above first") !=
        std::string::npos);
  CHECK(!std::filesystem::exists(dir + "/b.json"));
}
