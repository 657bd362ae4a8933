#include "rules/core/registry.hpp"
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

std::string describe(const k8s::Node& container, const char* what, std::size_t index) {
  const auto name = k8s::get_string(container, "name");
  if (name && !name->empty()) return std::string(what) + " " + nlohmann::json(*name).dump();
  return std::string(what) + " " + std::to_string(index);
}

void check_list(const CheckContext& ctx, const std::vector<k8s::Node>& list, const char* what,
                Reporter& out) {
  const std::string kind = k8s::is_cronjob(ctx.object()) ? "CronJob" : "Job";
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto& container = list[i];
    const auto image = k8s::get_string(container, "image");
    const bool present = k8s::has(container, "image");
    if (present && !image) continue;  // wrong type: not this rule's business
    if (image && !image->empty()) continue;
    const std::string who = describe(container, what, i);
    if (!present) {
      out.report(container.pointer, who + " has no image: the API server rejects the " + kind +
                                        " (every container needs an image)");
    } else {
      out.report(container.child_pointer("image"),
                 who + " has an empty image: the API server rejects the " + kind +
                     " (every container needs an image)");
    }
  }
}

void check(const CheckContext& ctx, Reporter& out) {
  check_list(ctx, k8s::init_containers(ctx.object()), "init container", out);
  check_list(ctx, k8s::containers(ctx.object()), "container", out);
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
