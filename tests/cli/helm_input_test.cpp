// Input from deployment tools, run for real: `helm template` (findings at the chart's template
// path), `kubectl kustomize`, and a `kubectl get -o json` List of live objects.
#include <string>

#include <catch2/catch.hpp>

#include "tests/cli/ci_support.hpp"

namespace {

using jobwarden::testing::jobwarden_in;
using jobwarden::testing::source_dir;

const std::string kChart = "tests/cli/data/chart/demo";

}  // namespace

TEST_CASE("helm template | lint -: findings name templates/job.yaml", "[cli][ci][helm]") {
  REQUIRE(jobwarden::testing::run_command("command -v helm") == 0);
  auto run =
      jobwarden::testing::run_shell("cd '" + source_dir() + "' && helm template demo " + kChart +
                                    " | '" + JOBWARDEN_BINARY + "' lint --fail-on warning -");
  INFO(run.err);
  CHECK(run.code == 1);
  CHECK(run.out ==
        "demo/templates/job.yaml:7:1: info: podFailurePolicy is not set: fatal failures are "
        "retried until backoffLimit runs out, and pods evicted by disruptions count against it "
        "[job-missing-pod-failure-policy]\n"
        "  hint: Add a podFailurePolicy: FailJob on the exit codes that mean a permanent failure, "
        "Ignore on the DisruptionTarget pod condition (requires restartPolicy: Never).\n"
        "  rendered: document starts at <stdin>:11\n"
        "demo/templates/job.yaml:7:1: warning: ttlSecondsAfterFinished is not set: the finished "
        "Job and its pods are never deleted and pile up [job-missing-ttl]\n"
        "  hint: Set ttlSecondsAfterFinished to how long a finished Job should be kept (the fix "
        "sets 86400).\n"
        "  rendered: document starts at <stdin>:11\n"
        "demo/templates/job.yaml:12:7: error: restartPolicy Always is not allowed in a Job pod "
        "template: the API server rejects the Job (valid values: OnFailure, Never) "
        "[job-restart-policy-always]\n"
        "  hint: Set restartPolicy: Never (or OnFailure to restart failed containers in place).\n"
        "  rendered: document starts at <stdin>:11\n"
        "demo/templates/job.yaml:8:1: info: podFailurePolicy is not set: fatal failures are "
        "retried until backoffLimit runs out, and pods evicted by disruptions count against it "
        "[job-missing-pod-failure-policy]\n"
        "  hint: Add a podFailurePolicy: FailJob on the exit codes that mean a permanent failure, "
        "Ignore on the DisruptionTarget pod condition (requires restartPolicy: Never).\n"
        "  rendered: document starts at <stdin>:30\n"
        "1 error, 1 warning, 2 info in 2 objects (1 file, 1 other object skipped)\n");

  // --helm-chart names the repository's path; SARIF and GitHub carry it too.
  auto github = jobwarden::testing::run_shell(
      "cd '" + source_dir() + "' && helm template demo " + kChart + " | '" + JOBWARDEN_BINARY +
      "' lint --format github --helm-chart " + kChart + " -");
  CHECK(github.out.find("::error file=" + kChart +
                        "/templates/job.yaml,line=12,col=7,title=job-restart-policy-always::") !=
        std::string::npos);
}

TEST_CASE("lint over a chart directory skips its templates with a note", "[cli][ci][helm]") {
  auto run = jobwarden_in(source_dir(), "lint " + kChart);
  CHECK(run.code == 0);
  CHECK(run.err == "jobwarden: note: skipped " + kChart +
                       "/templates/configmap.yaml: a Helm template (chart " + kChart +
                       "); lint it rendered: helm template " + kChart +
                       " | jobwarden lint --helm-chart " + kChart +
                       " -\n"
                       "jobwarden: note: skipped " +
                       kChart + "/templates/job.yaml: a Helm template (chart " + kChart +
                       "); lint it rendered: helm template " + kChart +
                       " | jobwarden lint --helm-chart " + kChart + " -\n");
  CHECK(run.out == "no findings in 0 objects (2 files, 2 other objects skipped)\n");
  CHECK(jobwarden_in(source_dir(), "lint -q " + kChart).err.empty());
}

TEST_CASE("kubectl kustomize | lint -", "[cli][ci][kustomize]") {
  REQUIRE(jobwarden::testing::run_command("command -v kubectl") == 0);
  auto run = jobwarden::testing::run_shell("cd '" + source_dir() +
                                           "' && kubectl kustomize tests/cli/data/kustomize | '" +
                                           JOBWARDEN_BINARY + "' lint --fail-on info -");
  INFO(run.err);
  CHECK(run.code == 1);
  CHECK(run.out ==
        "<stdin>:8:1: info: podFailurePolicy is not set: fatal failures are retried until "
        "backoffLimit runs out, and pods evicted by disruptions count against it "
        "[job-missing-pod-failure-policy]\n"
        "  hint: Add a podFailurePolicy: FailJob on the exit codes that mean a permanent failure, "
        "Ignore on the DisruptionTarget pod condition (requires restartPolicy: Never).\n"
        "<stdin>:8:1: warning: ttlSecondsAfterFinished is not set: the finished Job and its pods "
        "are never deleted and pile up [job-missing-ttl]\n"
        "  hint: Set ttlSecondsAfterFinished to how long a finished Job should be kept (the fix "
        "sets 86400).\n"
        "0 errors, 1 warning, 1 info in 1 object (1 file)\n");
  auto json = jobwarden::testing::run_shell("cd '" + source_dir() +
                                            "' && kubectl kustomize tests/cli/data/kustomize | '" +
                                            JOBWARDEN_BINARY + "' lint --format json -");
  CHECK(json.out.find("\"namespace\": \"batch\"") != std::string::npos);
  CHECK(json.out.find("\"name\": \"nightly-export\"") != std::string::npos);
}

TEST_CASE("kubectl get -o json List of live objects (status, managedFields) | lint -",
          "[cli][ci][live]") {
  auto run = jobwarden_in(source_dir(), "lint --format json - < tests/cli/data/live-list.json");
  INFO(run.err);
  CHECK(run.code == 0);
  auto report = nlohmann::json::parse(run.out);
  std::vector<std::string> found;
  for (const auto& finding : report["findings"]) {
    found.push_back(finding["object"]["kind"].get<std::string>() + " " +
                    finding["rule"].get<std::string>() + " " +
                    finding["pointer"].get<std::string>());
  }
  // No unknown-field or selector finding for what the API server and controllers added.
  CHECK(found == std::vector<std::string>{
                     "Job job-missing-active-deadline /spec",
                     "Job job-missing-pod-failure-policy /spec", "Job job-missing-ttl /spec",
                     "Job job-container-missing-resources /spec/template/spec/containers/0",
                     "Job job-missing-backoff-limit /spec/backoffLimit",
                     "CronJob cronjob-missing-starting-deadline /spec",
                     "CronJob cronjob-missing-time-zone /spec",
                     "CronJob job-missing-active-deadline /spec/jobTemplate/spec",
                     "CronJob job-missing-backoff-limit /spec/jobTemplate/spec",
                     "CronJob job-missing-pod-failure-policy /spec/jobTemplate/spec",
                     "CronJob job-container-missing-resources "
                     "/spec/jobTemplate/spec/template/spec/containers/0",
                     "CronJob job-restart-policy-on-failure "
                     "/spec/jobTemplate/spec/template/spec/restartPolicy",
                     "CronJob cronjob-concurrency-policy-allow /spec/concurrencyPolicy",
                     "CronJob cronjob-missing-history-limits /spec/failedJobsHistoryLimit",
                     "CronJob cronjob-missing-history-limits /spec/successfulJobsHistoryLimit"});
  CHECK(report["summary"]["objects"] == 2);
  CHECK(report["findings"][0]["line"] == 69);
}
