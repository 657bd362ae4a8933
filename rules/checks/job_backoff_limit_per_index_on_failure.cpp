#include <string>

#include "rules/core/registry.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;

const RuleInfo kInfo{
    .id = "job-backoff-limit-per-index-on-failure",
    .title = "backoffLimitPerIndex needs restartPolicy: Never",
    .severity = Severity::warning,
    .kinds = {"Job", "CronJob"},
    .summary =
        "Reports a Job that sets backoffLimitPerIndex while its pod template uses "
        "restartPolicy: OnFailure.",
    .rationale =
        "The Job API documents that backoffLimitPerIndex requires restartPolicy: Never, but "
        "the API server's validation does not enforce it. With OnFailure the kubelet restarts "
        "failed containers inside the same pod, so the per-index failure count (kept on pods "
        "that failed) does not see those failures and the per-index limit does not work as "
        "written.",
    .remediation = "Set template.spec.restartPolicy to Never.",
    .options = {},
    .fixable = false,
    .bad_example =
        "spec:\n  completionMode: Indexed\n  completions: 10\n  backoffLimitPerIndex: 2\n"
        "  template:\n    spec:\n      restartPolicy: OnFailure\n",
    .good_example =
        "spec:\n  completionMode: Indexed\n  completions: 10\n  backoffLimitPerIndex: 2\n"
        "  template:\n    spec:\n      restartPolicy: Never\n",
    .reference = "",
    .webhook_note =
        "Neither field is changed by defaulting when set (a missing restartPolicy becomes "
        "Always, which job-restart-policy-always reports), so the webhook gives the same "
        "verdict."};

void check(const CheckContext& ctx, Reporter& out) {
  const auto spec = k8s::job_spec(ctx.object());
  if (!k8s::has(spec, "backoffLimitPerIndex")) return;
  const auto pod = k8s::pod_spec(ctx.object());
  if (k8s::get_string(pod, "restartPolicy") != "OnFailure") return;
  out.report(pod.child_pointer("restartPolicy"),
             "restartPolicy is OnFailure but backoffLimitPerIndex is set: per-index backoff is "
             "documented to require restartPolicy: Never, and container restarts inside a pod "
             "are not counted against it");
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
