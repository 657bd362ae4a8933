#include "rules/core/registry.hpp"
#include "rules/k8s/validation.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;

const RuleInfo kInfo{
    .id = "job-container-missing-image",
    .title = "Every container needs an image",
    .severity = Severity::error,
    .kinds = {"Job", "CronJob"},
    .summary =
        "Reports a container or init container of the pod template without an image, or "
        "with an empty one.",
    .rationale =
        "Pod-template validation rejects an empty image (\"containers[0].image: Required "
        "value\"), so the API server rejects the Job. (A whitespace-only image passes "
        "validation; job-image-whitespace reports it.)",
    .remediation = "Set image to a pullable reference, ideally pinned by tag or digest.",
    .options = {},
    .fixable = false,
    .bad_example = "containers:\n- name: main\n",
    .good_example = "containers:\n- name: main\n  image: busybox:1.36\n",
    .reference = "§2 #33",
    .webhook_note = "Images have no default, so the webhook gives the same verdict."};

void check(const CheckContext& ctx, Reporter& out) {
  const std::string kind = k8s::kind_name(ctx.object());
  for (const auto& [container, label] : k8s::named_containers(ctx.object())) {
    const std::string* image = k8s::string_member(container, "image");
    const bool present = k8s::has(container, "image");
    if (present && !image) continue;  // wrong type: not this rule's business
    if (image && !image->empty()) continue;
    out.report(container.pointer_of("image"),
               label + (present ? " has an empty image" : " has no image") +
                   ": the API server rejects the " + kind + " (every container needs an image)");
  }
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
