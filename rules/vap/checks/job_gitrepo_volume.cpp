#include <string>

#include "rules/vap/cel_rule.hpp"

namespace jobwarden::vap {
namespace {

// What the kubelet of the target release does with a gitRepo volume (as the engine's rule says).
std::string plugin_state(core::KubeVersion target) {
  if (target >= core::KubeVersion{1, 36}) {
    return "the kubelet's gitRepo plugin is disabled and can no longer be enabled in Kubernetes " +
           target.display();
  }
  if (target >= core::KubeVersion{1, 33}) {
    return "the kubelet's gitRepo plugin is disabled by default in Kubernetes " + target.display() +
           " (feature gate GitRepoVolumeDriver)";
  }
  return "gitRepo is deprecated and its kubelet plugin is disabled from Kubernetes 1.33";
}

CelValidation build(const CelContext& ctx) {
  return per_entry(
      "(has(variables.podSpec.volumes) ? variables.podSpec.volumes : [])", "has(ITEM.gitRepo)",
      "(has(ITEM.name) ? 'volume \"' + ITEM.name + '\"' : 'volume ' + string(INDEX)) + " +
          cel_string(" is a gitRepo volume: " + plugin_state(ctx.kube_version()) +
                     ", so pods that mount it do not start"));
}

}  // namespace

JOBWARDEN_VAP_RULE("job-gitrepo-volume",
                   "Fails a pod-template volume of type gitRepo (the target's kubelet state is "
                   "baked into the message).",
                   build);

}  // namespace jobwarden::vap
