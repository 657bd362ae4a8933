#include <set>
#include <string>

#include "rules/core/registry.hpp"
#include "rules/k8s/validation.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;
using nlohmann::json;

const RuleInfo kInfo{
    .id = "job-containers-invalid",
    .title = "Pod template containers the API server rejects",
    .severity = Severity::error,
    .kinds = {"Job", "CronJob"},
    .summary =
        "Reports a pod template without containers, container or init container names that "
        "are not DNS-1123 labels, and names used twice across containers and init "
        "containers.",
    .rationale =
        "Pod template validation requires at least one container (\"spec.template.spec."
        "containers: Required value\"), names that are lowercase RFC 1123 labels, and unique "
        "names (\"Duplicate value: \\\"main\\\"\"), so the API server rejects the Job. (Missing "
        "names and images are reported by job-container-missing-name and "
        "job-container-missing-image.)",
    .remediation =
        "Give every container and init container a distinct name of lowercase letters, digits "
        "and '-' (at most 63 characters).",
    .options = {},
    .fixable = false,
    .bad_example =
        "containers:\n- name: Main_Worker\n  image: busybox:1.36\n"
        "- name: Main_Worker\n  image: busybox:1.36\n",
    .good_example =
        "containers:\n- name: worker\n  image: busybox:1.36\n"
        "- name: sidecar\n  image: busybox:1.36\n",
    .reference = "§2 #33",
    .webhook_note = "Containers have no defaults that affect these checks: same verdict."};

void check_names(const std::vector<k8s::Node>& list, std::set<std::string>& seen, Reporter& out) {
  for (const auto& container : list) {
    const auto name = k8s::get_string(container, "name");
    if (!name || name->empty()) continue;  // job-container-missing-name
    const std::string pointer = container.child_pointer("name");
    for (const auto& message : k8s::dns1123_label_errors(*name)) {
      out.report(pointer, k8s::rejects(pointer, k8s::invalid(k8s::go_quote(*name), message)));
    }
    if (!seen.insert(*name).second) {
      out.report(pointer, k8s::rejects(pointer, k8s::duplicate(k8s::go_quote(*name))));
    }
  }
}

void check(const CheckContext& ctx, Reporter& out) {
  const auto& object = ctx.object();
  const auto pod = k8s::pod_spec(object);
  if (!pod) return;
  const json* list = k8s::member(pod, "containers");
  const std::string pointer = pod.child_pointer("containers");
  if (list == nullptr || list->is_null() || (list->is_array() && list->empty())) {
    out.report(pod.pointer_of("containers"), k8s::rejects(pointer, k8s::required()));
    return;
  }
  // Containers first, then init containers against all names (as pod validation does).
  std::set<std::string> seen;
  check_names(k8s::containers(object), seen, out);
  check_names(k8s::init_containers(object), seen, out);
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
