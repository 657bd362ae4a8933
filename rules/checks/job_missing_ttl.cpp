#include "rules/core/registry.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;

const RuleInfo kInfo{
    .id = "job-missing-ttl",
    .title = "Set ttlSecondsAfterFinished",
    .severity = Severity::warning,
    .kinds = {"Job"},
    .summary = "Reports a Job without ttlSecondsAfterFinished, unless a CronJob owns it.",
    .rationale =
        "Finished Jobs and their pods are kept forever unless something deletes them; "
        "they pile up, clutter `kubectl get`, and keep load on the API server and etcd. "
        "With ttlSecondsAfterFinished the TTL controller deletes them after the delay. "
        "Jobs created by a CronJob are cleaned up by its history limits instead.",
    .remediation =
        "Set ttlSecondsAfterFinished to how long a finished Job should stay for "
        "inspection.",
    .options = {{"default", 86400, "ttlSecondsAfterFinished set by the fix."}},
    .fixable = true,
    .bad_example = "kind: Job\nspec:\n  template: ...\n",
    .good_example = "kind: Job\nspec:\n  ttlSecondsAfterFinished: 86400\n  template: ...\n",
    .reference = "",
    .webhook_note =
        "ttlSecondsAfterFinished has no default, so the webhook gives the same verdict; "
        "Jobs with a controlling CronJob ownerReference are skipped."};

void check(const CheckContext& ctx, Reporter& out) {
  if (k8s::is_owned_by_cronjob(ctx.object())) return;
  const auto spec = k8s::job_spec(ctx.object());
  if (!spec || k8s::has(spec, "ttlSecondsAfterFinished")) return;
  out.report(
      spec.pointer,
      "ttlSecondsAfterFinished is not set: the finished Job and its pods are never deleted "
      "and pile up",
      "Set ttlSecondsAfterFinished to how long a finished Job should be kept (the fix sets " +
          ctx.option("default").dump() + ").",
      add_op(spec.child_pointer("ttlSecondsAfterFinished"), ctx.option("default")));
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
