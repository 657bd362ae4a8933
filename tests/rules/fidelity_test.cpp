// Kubernetes-version fidelity (issue 15): the same manifest judged at different targets, and the
// acceptance command for spec.scheduling run through the real binary.
#include <filesystem>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "rules/core/loader.hpp"
#include "rules/engine/config.hpp"
#include "rules/engine/engine.hpp"
#include "rules/k8s/api_fields.hpp"
#include "tests/support/scratch.hpp"

namespace {

namespace fs = std::filesystem;
using namespace jobwarden::core;

fs::path gang_job_path() {
  return fs::path(JOBWARDEN_SOURCE_DIR) / "tests" / "data" / "fidelity" / "gang-job.yaml";
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

// "rule pointer: message" of every finding at or above `floor`, in report order.
std::vector<std::string> findings(const std::string& yaml, KubeVersion version,
                                  Severity floor = Severity::info) {
  Config config;
  config.kube_version = version;
  Engine engine(config);
  Report report;
  engine.check_file(source_from_text("t.yaml", yaml), report);
  report.sort();
  REQUIRE(report.errors.empty());
  std::vector<std::string> out;
  for (const auto& f : report.findings) {
    if (f.severity >= floor) out.push_back(f.rule_id + " " + f.pointer + ": " + f.message);
  }
  return out;
}

// The findings of one rule only (same format as findings()).
std::vector<std::string> rule_findings(const std::string& rule, const std::string& yaml,
                                       KubeVersion version) {
  std::vector<std::string> out;
  for (const auto& f : findings(yaml, version)) {
    if (f.rfind(rule + " ", 0) == 0) out.push_back(f);
  }
  return out;
}

}  // namespace

TEST_CASE("fidelity: lint --kube-version 1.37 on a gang-scheduled Job warns only that it is alpha",
          "[rules][fidelity]") {
  const std::string command = "'" + std::string(JOBWARDEN_BINARY) + "' lint --no-color ";
  const auto at_137 = jobwarden::testing::run_shell(command + "--kube-version 1.37 '" +
                                                    gang_job_path().string() + "'");
  CHECK(at_137.code == 0);
  CHECK(at_137.out ==
        gang_job_path().string() +
            ":15:3: warning: scheduling is alpha in Kubernetes 1.37, the target, behind the "
            "WorkloadWithJob feature gate (off by default): unless the cluster enables it, the API "
            "server drops the field [job-field-alpha-in-version]\n"
            "  hint: Enable the feature gate on purpose, or target a version where the field is "
            "beta or GA.\n"
            "0 errors, 1 warning, 0 info in 1 object (1 file)\n");
  CHECK(at_137.err.empty());

  // At 1.36 the field does not exist.
  const auto at_136 = jobwarden::testing::run_shell(command + "--kube-version 1.36 '" +
                                                    gang_job_path().string() + "'");
  CHECK(at_136.code == 1);
  CHECK(at_136.out.find("error: scheduling is an unknown field in Kubernetes 1.36") !=
        std::string::npos);
  CHECK(at_136.out.find("1 error, 0 warnings, 0 info") != std::string::npos);

  // 1.38 is accepted, with a note that it is not released.
  const auto at_138 = jobwarden::testing::run_shell(command + "--kube-version 1.38 '" +
                                                    gang_job_path().string() + "'");
  CHECK(at_138.code == 0);
  CHECK(at_138.err ==
        "jobwarden: note: Kubernetes 1.38 is not released yet: jobwarden checks it as its "
        "development branch stood (fields and rejections of 1.37 plus the changes known so "
        "far)\n");
}

TEST_CASE("fidelity: an invalid gang.minCount is an error", "[rules][fidelity]") {
  const std::string job = jobwarden::testing::read_file(gang_job_path());
  CHECK(findings(replace(job, "minCount: 4", "minCount: 0"), {1, 37}, Severity::error) ==
        std::vector<std::string>{
            "job-scheduling-invalid /spec/scheduling/schedulingPolicy/gang/minCount: the API "
            "server rejects this: spec.scheduling.schedulingPolicy.gang.minCount: Invalid value: "
            "0: must be greater than or equal to 1"});
  CHECK(findings(replace(job, "minCount: 4", "minCount: 5"), {1, 37}, Severity::error) ==
        std::vector<std::string>{
            "job-scheduling-invalid /spec/scheduling/schedulingPolicy/gang/minCount: the API "
            "server rejects this: spec.scheduling.schedulingPolicy.gang.minCount: Invalid value: "
            "5: must be less than or equal to spec.parallelism (4)"});
  // At 1.36 the contents are not checked: the field itself is the problem.
  CHECK(findings(replace(job, "minCount: 4", "minCount: 0"), {1, 36}, Severity::error) ==
        std::vector<std::string>{
            "job-field-unsupported-in-version /spec/scheduling: scheduling is an unknown field "
            "in Kubernetes 1.36, the target (it is alpha from 1.37, feature gate "
            "WorkloadWithJob): kubectl rejects it (strict decoding error) and the API server "
            "drops it"});
}

TEST_CASE("fidelity: strict IP validation applies from 1.36", "[rules][fidelity]") {
  const std::string job =
      "apiVersion: batch/v1\nkind: Job\nmetadata: {name: a}\nspec:\n  template:\n    spec:\n"
      "      restartPolicy: Never\n      hostAliases: [{ip: 010.0.0.1, hostnames: [db]}]\n"
      "      containers: [{name: a, image: 'busybox:1.36'}]\n";
  const auto ip_findings = [&](KubeVersion version) {
    return rule_findings("job-pod-ip-invalid", job, version);
  };
  CHECK(ip_findings({1, 35}).empty());
  CHECK(ip_findings({1, 36}) ==
        std::vector<std::string>{
            "job-pod-ip-invalid /spec/template/spec/hostAliases/0/ip: the API server rejects "
            "this: spec.template.spec.hostAliases[0].ip: Invalid value: \"010.0.0.1\": IPv4 "
            "octets must not have leading zeros (strict IP validation, on by default from "
            "1.36)"});
}

TEST_CASE("fidelity: gitRepo volumes by version", "[rules][fidelity]") {
  const std::string job =
      "apiVersion: batch/v1\nkind: Job\nmetadata: {name: a}\nspec:\n  template:\n    spec:\n"
      "      restartPolicy: Never\n      volumes: [{name: src, gitRepo: {repository: x}}]\n"
      "      containers: [{name: a, image: 'busybox:1.36'}]\n";
  const auto message = [&](KubeVersion version) {
    for (const auto& f : findings(job, version)) {
      if (f.rfind("job-gitrepo-volume", 0) == 0) return f;
    }
    return std::string();
  };
  CHECK(message({1, 32}).find("deprecated and its kubelet plugin is disabled from Kubernetes "
                              "1.33") != std::string::npos);
  CHECK(message({1, 35}).find("disabled by default in Kubernetes 1.35 (feature gate "
                              "GitRepoVolumeDriver)") != std::string::npos);
  CHECK(message({1, 36}).find("disabled and can no longer be enabled in Kubernetes 1.36") !=
        std::string::npos);
}

TEST_CASE("fidelity: the field table follows the version", "[rules][fidelity]") {
  namespace api = jobwarden::k8s::api;
  CHECK(api::find_field("V1JobSpec", "scheduling", {1, 36}) == nullptr);
  REQUIRE(api::find_field("V1JobSpec", "scheduling", {1, 37}) != nullptr);
  CHECK(api::find_field("V1JobSpec", "scheduling", {1, 37})->type ==
        "V1JobSchedulingConfiguration");
  CHECK(api::find_field("V1PodSpec", "evictionResponders", {1, 36}) == nullptr);
  CHECK(api::find_field("V1PodSpec", "evictionResponders", {1, 38}) != nullptr);
  CHECK(api::find_field("V1PodSpec", "schedulingGroup", {1, 34}) == nullptr);
  CHECK(api::find_field("V1PodSpec", "schedulingGroup", {1, 36}) != nullptr);
  // Old and future targets use the nearest described version.
  CHECK(api::described_version({1, 20}) == KubeVersion{1, 34});
  CHECK(api::described_version({1, 45}) == KubeVersion{1, 38});
  CHECK(api::find_field("V1Container", "image", {1, 20}) != nullptr);
  // Both JobSpec readers (unknown fields, field types) see the same list.
  const auto names = api::field_names("V1JobSpec", {1, 37});
  CHECK(names.size() == 17);

  // A 1.37 pod field is unknown at 1.36 only.
  const std::string job =
      "apiVersion: batch/v1\nkind: Job\nmetadata: {name: a}\nspec:\n  template:\n    spec:\n"
      "      restartPolicy: Never\n      evictionResponders: []\n"
      "      containers: [{name: a, image: 'busybox:1.36'}]\n";
  const auto unknown = [&](KubeVersion version) {
    return rule_findings("job-unknown-field", job, version);
  };
  CHECK(unknown({1, 37}).empty());
  CHECK(unknown({1, 36}) ==
        std::vector<std::string>{
            "job-unknown-field /spec/template/spec/evictionResponders: unknown field "
            "\"spec.template.spec.evictionResponders\": kubectl rejects it (strict decoding "
            "error) and the API server drops it"});
}

TEST_CASE("fidelity: resizePolicy RestartContainer by version", "[rules][fidelity]") {
  const auto job = [](const std::string& pod_restart, const std::string& init_restart) {
    return "apiVersion: batch/v1\nkind: Job\nmetadata: {name: a}\nspec:\n  template:\n    spec:\n"
           "      restartPolicy: " +
           pod_restart +
           "\n      initContainers:\n      - name: setup\n        image: busybox:1.36\n" +
           init_restart +
           "        resizePolicy: [{resourceName: memory, restartPolicy: RestartContainer}]\n"
           "      containers: [{name: a, image: 'busybox:1.36'}]\n";
  };
  const auto resize = [&](const std::string& yaml, KubeVersion version) {
    return rule_findings("job-resize-policy-invalid", yaml, version);
  };
  // An init container that is not a sidecar: refused from 1.36 (kubernetes#137458).
  const std::string init = job("OnFailure", "");
  CHECK(resize(init, {1, 35}).empty());
  CHECK(resize(init, {1, 36}) ==
        std::vector<std::string>{
            "job-resize-policy-invalid "
            "/spec/template/spec/initContainers/0/resizePolicy/0/restartPolicy: the API server "
            "rejects this: spec.template.spec.initContainers[0].resizePolicy: Invalid value: "
            "\"RestartContainer\": must be 'NotRequired' for init containers without "
            "restartPolicy=Always (from Kubernetes 1.36)"});
  // A sidecar may restart to apply a resize.
  CHECK(resize(job("OnFailure", "        restartPolicy: Always\n"), {1, 37}).empty());
  // restartPolicy Never: refused wherever in-place resize is on by default (1.33+).
  const std::string never = job("Never", "        restartPolicy: Always\n");
  CHECK(resize(never, {1, 32}).empty());
  CHECK(resize(never, {1, 33}) ==
        std::vector<std::string>{
            "job-resize-policy-invalid "
            "/spec/template/spec/initContainers/0/resizePolicy/0/restartPolicy: the API server "
            "rejects this: spec.template.spec.initContainers[0].resizePolicy: Invalid value: "
            "\"RestartContainer\": must be 'NotRequired' when `restartPolicy` is 'Never'"});
}

TEST_CASE("fidelity: an image volume without a reference by version", "[rules][fidelity]") {
  const std::string job =
      "apiVersion: batch/v1\nkind: Job\nmetadata: {name: a}\nspec:\n  template:\n    spec:\n"
      "      restartPolicy: Never\n      volumes: [{name: m, image: {reference: ''}}]\n"
      "      containers: [{name: a, image: 'busybox:1.36'}]\n";
  const auto reference = [&](KubeVersion version) {
    return rule_findings("job-image-volume-missing-reference", job, version);
  };
  // Before 1.37 only the pods are checked (kubernetes#135988): the Job is admitted, no pod starts.
  CHECK(reference({1, 36}) ==
        std::vector<std::string>{
            "job-image-volume-missing-reference /spec/template/spec/volumes/0/image/reference: "
            "the API server accepts this Job in Kubernetes 1.36 but rejects every pod created "
            "from it (spec.volumes[0].image.reference: Required value), so no pod ever starts; "
            "from 1.37 it rejects the Job itself"});
  CHECK(reference({1, 37}) ==
        std::vector<std::string>{
            "job-image-volume-missing-reference /spec/template/spec/volumes/0/image/reference: "
            "the API server rejects this: spec.template.spec.volumes[0].image.reference: "
            "Required value"});
}
