#include "rules/core/registry.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;

const RuleInfo kInfo{
    .id = "job-container-missing-resources",
    .title = "Containers should declare resource requests or limits",
    .severity = Severity::warning,
    .kinds = {"Job", "CronJob"},
    .summary =
        "Reports a container of the pod template with neither resources.requests nor "
        "resources.limits (missing or empty).",
    .rationale =
        "Without requests the scheduler reserves no capacity for the pod, so batch pods "
        "land on full nodes and are the first to be evicted; without limits a runaway "
        "Job can use unbounded CPU and memory on a shared node.",
    .remediation = "Set resources.requests (cpu, memory) and a memory limit.",
    .options = {},
    .fixable = false,
    .bad_example = "containers:\n- name: main\n  image: busybox:1.36\n  resources: {}\n",
    .good_example =
        "containers:\n- name: main\n  image: busybox:1.36\n  resources:\n"
        "    requests: {cpu: 100m, memory: 128Mi}\n    limits: {memory: 128Mi}\n",
    .reference = "",
    .webhook_note =
        "Neither field is defaulted by the API server (a LimitRange may add them "
        "later, after admission webhooks), so the webhook gives the same verdict."};

bool non_empty_object(const k8s::Node& parent, std::string_view key) {
  const auto node = parent.child(key);
  return node && !node->empty();
}

void check(const CheckContext& ctx, Reporter& out) {
  for (const auto& [container, label] : k8s::named_containers(ctx.object(), /*with_init=*/false)) {
    const auto resources = container.child("resources");
    if (non_empty_object(resources, "requests") || non_empty_object(resources, "limits")) continue;
    out.report(container.pointer,
               label +
                   " has no resource requests or limits: the scheduler reserves no capacity "
                   "for it and it can use unbounded CPU and memory");
  }
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
