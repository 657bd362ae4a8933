#include "rules/core/registry.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;

const RuleInfo kInfo{
    .id = "job-missing-active-deadline",
    .title = "Set activeDeadlineSeconds",
    .severity = Severity::warning,
    .kinds = {"Job", "CronJob"},
    .summary = "Reports a Job without activeDeadlineSeconds.",
    .rationale =
        "backoffLimit only bounds failures: a pod that hangs (deadlock, stuck network "
        "call, waiting on input) never fails, so the Job runs forever and holds its "
        "resources. activeDeadlineSeconds fails the Job and kills its pods after a bound.",
    .remediation = "Set activeDeadlineSeconds to a generous upper bound of the Job's run time.",
    .options = {{"default", 86400, "activeDeadlineSeconds set by the fix."}},
    .fixable = true,
    .bad_example = "spec:\n  template: ...\n",
    .good_example = "spec:\n  activeDeadlineSeconds: 3600\n  template: ...\n",
    .reference = "",
    .webhook_note = "activeDeadlineSeconds has no default, so the webhook gives the same verdict."};

void check(const CheckContext& ctx, Reporter& out) {
  const auto spec = k8s::job_spec(ctx.object());
  if (!spec || k8s::has(spec, "activeDeadlineSeconds")) return;
  out.report(spec.pointer,
             "activeDeadlineSeconds is not set: a Job whose pod hangs is never stopped and runs "
             "forever",
             "Set activeDeadlineSeconds to an upper bound of the run time (the fix sets " +
                 ctx.option("default").dump() + ").",
             add_op(spec.child_pointer("activeDeadlineSeconds"), ctx.option("default")));
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
