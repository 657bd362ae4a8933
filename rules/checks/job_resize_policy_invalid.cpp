#include <string>
#include <vector>

#include "rules/core/registry.hpp"
#include "rules/k8s/validation.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;
using nlohmann::json;

const RuleInfo kInfo{
    .id = "job-resize-policy-invalid",
    .title = "Container resizePolicy entries the API server rejects",
    .severity = Severity::error,
    .kinds = {"Job", "CronJob"},
    .summary =
        "Reports a container resizePolicy entry with restartPolicy RestartContainer where the API "
        "server refuses it: in any container of a pod template with restartPolicy Never (from "
        "Kubernetes 1.33, when in-place resize is on by default), and, from Kubernetes 1.36, in "
        "an init container that is not a sidecar (no restartPolicy: Always).",
    .rationale =
        "A container of a pod that is never restarted cannot be restarted to apply a resize "
        "(\"must be 'NotRequired' when `restartPolicy` is 'Never'\"), and an init container that "
        "is not a sidecar has finished before anyone could resize it, so Kubernetes 1.36 refuses "
        "a RestartContainer policy there. Either way the API server rejects the Job.",
    .remediation =
        "Use restartPolicy: NotRequired in the resizePolicy entry, or drop resizePolicy from "
        "init containers that are not sidecars.",
    .options = {},
    .fixable = false,
    .bad_example =
        "initContainers:\n- name: setup\n  image: busybox:1.36\n  resizePolicy:\n"
        "  - resourceName: memory\n    restartPolicy: RestartContainer\n",
    .good_example =
        "initContainers:\n- name: setup\n  image: busybox:1.36\n  resizePolicy:\n"
        "  - resourceName: memory\n    restartPolicy: NotRequired\n",
    .reference = "",
    .webhook_note =
        "Defaulting adds no resizePolicy to Job pod templates, so the webhook gives the same "
        "verdict. On update the API server keeps accepting a policy that was already stored; "
        "jobwarden checks every object as if it were created."};

// InPlacePodVerticalScaling is beta and on by default from 1.33; before, the API server drops
// resizePolicy (the gate is off) instead of validating it.
constexpr KubeVersion kResizeOnByDefault{1, 33};
// kubernetes/kubernetes#137458: RestartContainer refused on non-sidecar init containers.
constexpr KubeVersion kInitRestartRefused{1, 36};

void check_container(const k8s::Node& container, bool init, bool pod_never, KubeVersion target,
                     Reporter& out) {
  const json* list = k8s::member(container, "resizePolicy");
  if (list == nullptr || !list->is_array()) return;
  const bool sidecar = k8s::get_string(container, "restartPolicy") == "Always";
  const std::string list_pointer = container.child_pointer("resizePolicy");
  for (std::size_t i = 0; i < list->size(); ++i) {
    const json& entry = (*list)[i];
    if (!entry.is_object() || !entry.contains("restartPolicy") ||
        entry["restartPolicy"] != "RestartContainer") {
      continue;
    }
    const std::string pointer = list_pointer + "/" + std::to_string(i) + "/restartPolicy";
    const std::string value = k8s::go_quote("RestartContainer");
    // validateResizePolicy reports against the list path, not the entry.
    if (pod_never) {
      out.report(pointer, k8s::rejects(list_pointer, k8s::invalid(value,
                                                                  "must be 'NotRequired' when "
                                                                  "`restartPolicy` is 'Never'")));
    } else if (init && !sidecar && target >= kInitRestartRefused) {
      // Under Never the entry is already refused above, with the same remedy.
      out.report(pointer,
                 k8s::rejects(list_pointer, k8s::invalid(value,
                                                         "must be 'NotRequired' for init "
                                                         "containers without "
                                                         "restartPolicy=Always (from Kubernetes "
                                                         "1.36)")));
    }
  }
}

void check(const CheckContext& ctx, Reporter& out) {
  const KubeVersion target = ctx.kube_version();
  if (target < kResizeOnByDefault) return;
  const json& object = ctx.object();
  const bool pod_never = k8s::get_string(k8s::pod_spec(object), "restartPolicy") == "Never";
  for (const auto& container : k8s::init_containers(object)) {
    check_container(container, true, pod_never, target, out);
  }
  for (const auto& container : k8s::containers(object)) {
    check_container(container, false, pod_never, target, out);
  }
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
