#include "rules/core/registry.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;

const RuleInfo kInfo{
    .id = "job-restart-policy-on-failure",
    .title = "Prefer restartPolicy Never over OnFailure",
    .severity = Severity::warning,
    .kinds = {"Job", "CronJob"},
    .summary = "Reports a Job pod template with restartPolicy: OnFailure.",
    .rationale =
        "With OnFailure the kubelet restarts failed containers inside the same pod, so the "
        "failed attempt and its logs are lost, backoffLimit counts container restarts "
        "rather than failed pods, and podFailurePolicy cannot be used (it requires Never). "
        "With Never every retry is a new pod and failed pods stay around for debugging.",
    .remediation =
        "Set restartPolicy: Never so each retry is a new pod and failed pods keep their "
        "logs.",
    .options = {},
    .fixable = false,
    .bad_example = "spec:\n  template:\n    spec:\n      restartPolicy: OnFailure\n",
    .good_example = "spec:\n  template:\n    spec:\n      restartPolicy: Never\n",
    .reference = "",
    .webhook_note = "Same verdict in the webhook: OnFailure is only ever set explicitly."};

void check(const CheckContext& ctx, Reporter& out) {
  const auto spec = k8s::pod_spec(ctx.object());
  if (k8s::get_string(spec, "restartPolicy") != "OnFailure") return;
  out.report(spec.child_pointer("restartPolicy"),
             "restartPolicy is OnFailure: failed containers are restarted in place, so their logs "
             "are lost and backoffLimit counts container restarts instead of failed pods");
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
