#include <string>

#include "rules/core/registry.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;
using nlohmann::json;

const RuleInfo kInfo{
    .id = "job-gitrepo-volume",
    .title = "gitRepo volumes no longer work",
    .severity = Severity::warning,
    .kinds = {"Job", "CronJob"},
    .summary =
        "Reports a pod-template volume of type gitRepo. The kubelet's gitRepo plugin is "
        "disabled by default from Kubernetes 1.33 (feature gate GitRepoVolumeDriver) and "
        "locked off later, so pods that mount such a volume do not start.",
    .rationale =
        "gitRepo has been deprecated for years (it runs git on the node as root; "
        "CVE-2024-10220). The API server still accepts the field, but the kubelet refuses to "
        "mount it (\"git-repo volume plugin has been disabled\"), so every pod of the Job "
        "stays in ContainerCreating.",
    .remediation =
        "Clone the repository in an init container into an emptyDir volume that the main "
        "container mounts.",
    .options = {},
    .fixable = false,
    .bad_example =
        "volumes:\n- name: src\n  gitRepo:\n    repository: https://example.com/repo.git\n",
    .good_example =
        "initContainers:\n- name: clone\n  image: alpine/git:2.47.2\n  args: [clone, "
        "https://example.com/repo.git, /src]\nvolumes:\n- name: src\n  emptyDir: {}\n",
    .reference = "",
    .webhook_note = "Defaulting does not touch volumes, so the webhook gives the same verdict."};

void check(const CheckContext& ctx, Reporter& out) {
  const json* volumes = k8s::member(k8s::pod_spec(ctx.object()), "volumes");
  if (volumes == nullptr || !volumes->is_array()) return;
  const KubeVersion target = ctx.kube_version();
  for (std::size_t i = 0; i < volumes->size(); ++i) {
    const json& volume = (*volumes)[i];
    if (!volume.is_object() || !volume.contains("gitRepo") || volume["gitRepo"].is_null()) {
      continue;
    }
    const std::string pointer =
        k8s::pod_spec(ctx.object()).pointer + "/volumes/" + std::to_string(i) + "/gitRepo";
    std::string state;
    if (target >= KubeVersion{1, 36}) {
      state =
          "the kubelet's gitRepo plugin is disabled and can no longer be enabled in "
          "Kubernetes " +
          target.display();
    } else if (target >= KubeVersion{1, 33}) {
      state = "the kubelet's gitRepo plugin is disabled by default in Kubernetes " +
              target.display() + " (feature gate GitRepoVolumeDriver)";
    } else {
      state = "gitRepo is deprecated and its kubelet plugin is disabled from Kubernetes 1.33";
    }
    const json* name = volume.contains("name") ? &volume["name"] : nullptr;
    const std::string label = name != nullptr && name->is_string()
                                  ? "volume \"" + name->get<std::string>() + "\""
                                  : "volume " + std::to_string(i);
    out.report(pointer,
               label + " is a gitRepo volume: " + state + ", so pods that mount it do not start");
  }
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
