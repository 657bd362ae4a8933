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
        "resources. activeDeadlineSeconds fails the Job and kills its pods after a bound. A "
        "pod template's own activeDeadlineSeconds stops each pod, but not a Job whose pods "
        "stay Pending unscheduled (their deadline counts from the start on a node) or that "
        "keeps retrying; the "
        "message then says so.",
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
  // With the pod template's own activeDeadlineSeconds the kubelet stops a hung pod and
  // backoffLimit caps the retries: what stays unbounded is the Job's total time.
  const bool pod_deadline = k8s::has(k8s::pod_spec(ctx.object()), "activeDeadlineSeconds");
  out.report(spec.pointer,
             pod_deadline
                 ? "activeDeadlineSeconds is not set on the Job: the pod template's own "
                   "activeDeadlineSeconds stops each hung pod, but nothing bounds the Job's "
                   "total time across retries, pending pods and backoff delays"
                 : "activeDeadlineSeconds is not set: a Job whose pod hangs is never stopped "
                   "and runs forever",
             "Set activeDeadlineSeconds to an upper bound of the run time (the fix sets " +
                 ctx.option("default").dump() + ").",
             add_op(spec.child_pointer("activeDeadlineSeconds"), ctx.option("default")));
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
