#include "rules/core/registry.hpp"
#include "rules/k8s/validation.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;

const RuleInfo kInfo{
    .id = "job-container-missing-name",
    .title = "Every container needs a name",
    .severity = Severity::error,
    .kinds = {"Job", "CronJob"},
    .summary =
        "Reports a container or init container of the pod template without a name (or "
        "with an empty one).",
    .rationale =
        "Pod validation requires a name for every container (\"containers[0].name: "
        "Required value\"), so the API server rejects the Job.",
    .remediation = "Give the container a name (a DNS-1123 label such as \"main\").",
    .options = {},
    .fixable = false,
    .bad_example = "containers:\n- image: busybox:1.36\n",
    .good_example = "containers:\n- name: main\n  image: busybox:1.36\n",
    .reference = "§2 #33",
    .webhook_note = "Container names have no default, so the webhook gives the same verdict."};

void check(const CheckContext& ctx, Reporter& out) {
  const std::string kind = k8s::kind_name(ctx.object());
  for (const auto& [container, label] : k8s::named_containers(ctx.object())) {
    const auto name = k8s::get_string(container, "name");
    if (name && !name->empty()) continue;
    if (!name && k8s::has(container, "name")) continue;  // wrong type: not this rule's business
    const bool present = k8s::has(container, "name");
    out.report(container.pointer_of("name"),
               label + (present ? " has an empty name" : " has no name") +
                   ": the API server rejects the " + kind + " (every container needs a name)");
  }
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
