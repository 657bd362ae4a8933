#include <string>

#include "rules/core/registry.hpp"
#include "rules/k8s/validation.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;

const RuleInfo kInfo{
    .id = "cronjob-job-template-selector",
    .title = "A CronJob's jobTemplate cannot set selector or manualSelector",
    .severity = Severity::error,
    .kinds = {"CronJob"},
    .summary =
        "Reports spec.jobTemplate.spec.selector and spec.jobTemplate.spec.manualSelector: "
        "true.",
    .rationale =
        "Jobs created by a CronJob always get a generated selector, so the API server rejects "
        "a template that sets one (\"spec.jobTemplate.spec.selector: Invalid value: ...: "
        "`selector` will be auto-generated\") or asks for a manual one "
        "(\"spec.jobTemplate.spec.manualSelector: Unsupported value: true: supported values: "
        "\\\"nil\\\", \\\"false\\\"\").",
    .remediation = "Remove selector and manualSelector from the jobTemplate.",
    .options = {},
    .fixable = true,
    .bad_example =
        "jobTemplate:\n  spec:\n    manualSelector: true\n    selector:\n"
        "      matchLabels: {app: report}\n",
    .good_example =
        "jobTemplate:\n  spec:\n    template:\n      metadata:\n"
        "        labels: {app: report}\n",
    .reference = "§2 #39",
    .webhook_note = "A CronJob's jobTemplate is not defaulted: same verdict."};

void check(const CheckContext& ctx, Reporter& out) {
  const auto spec = k8s::job_spec(ctx.object());
  if (!spec) return;
  if (spec.child("selector")) {  // a selector of another type fails decoding instead
    const std::string pointer = spec.child_pointer("selector");
    out.report(pointer,
               k8s::rejects(pointer, k8s::invalid("{...}", "`selector` will be auto-generated")),
               "Remove the selector.", remove_op(pointer));
  }
  if (k8s::get_bool(spec, "manualSelector") == true) {
    const std::string pointer = spec.child_pointer("manualSelector");
    out.report(pointer, k8s::rejects(pointer, k8s::unsupported("true", {"nil", "false"})),
               "Remove manualSelector.", remove_op(pointer));
  }
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
