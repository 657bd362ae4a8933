#include <string>

#include "rules/core/registry.hpp"
#include "rules/k8s/validation.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;

const RuleInfo kInfo{
    .id = "job-managed-by-invalid",
    .title = "managedBy must be a domain-prefixed path of at most 63 characters",
    .severity = Severity::error,
    .kinds = {"Job", "CronJob"},
    .summary =
        "Reports a spec.managedBy that is not a domain-prefixed path (a DNS subdomain, '/', "
        "then URL path characters, like \"kueue.x-k8s.io/multikueue\") or is longer than 63 "
        "characters.",
    .rationale =
        "managedBy names the controller that owns the Job; the API server rejects malformed "
        "values, e.g. \"spec.managedBy: Invalid value: \\\"kueue\\\": must be a "
        "domain-prefixed path (such as \\\"acme.io/foo\\\")\".",
    .remediation =
        "Use the value documented by the controller (e.g. kueue.x-k8s.io/multikueue), or "
        "remove managedBy to let the built-in Job controller run the Job.",
    .options = {},
    .fixable = false,
    .bad_example = "spec:\n  managedBy: kueue\n",
    .good_example = "spec:\n  managedBy: kueue.x-k8s.io/multikueue\n",
    .reference = "§2 #31",
    .webhook_note = "managedBy has no default: same verdict."};

void check(const CheckContext& ctx, Reporter& out) {
  const auto spec = k8s::job_spec(ctx.object());
  const auto managed_by = k8s::get_string(spec, "managedBy");
  if (!managed_by) return;
  const std::string pointer = spec.child_pointer("managedBy");
  for (const auto& body : k8s::domain_prefixed_path_errors(*managed_by)) {
    out.report(pointer, k8s::rejects(pointer, body));
  }
  if (managed_by->size() > 63) {
    out.report(pointer, k8s::rejects(pointer, k8s::too_long(63)));
  }
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
