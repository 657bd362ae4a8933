#include <string>

#include "rules/core/registry.hpp"
#include "rules/k8s/validation.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;

const RuleInfo kInfo{
    .id = "job-pod-failure-policy-restart-policy",
    .title = "podFailurePolicy needs restartPolicy: Never",
    .severity = Severity::error,
    .kinds = {"Job", "CronJob"},
    .summary =
        "Reports a Job with a podFailurePolicy whose pod template has restartPolicy: "
        "OnFailure.",
    .rationale =
        "A pod failure policy acts on failed pods, which OnFailure never produces (the kubelet "
        "restarts the container in place), so the API server rejects the combination: "
        "\"spec.template.spec.restartPolicy: Invalid value: \\\"OnFailure\\\": only "
        "\\\"Never\\\" is supported when podFailurePolicy is specified\". (A missing or Always "
        "restartPolicy is reported by job-restart-policy-always.)",
    .remediation = "Set restartPolicy: Never in the pod template.",
    .options = {},
    .fixable = true,
    .bad_example =
        "spec:\n  podFailurePolicy:\n    rules: [...]\n  template:\n    spec:\n"
        "      restartPolicy: OnFailure\n",
    .good_example =
        "spec:\n  podFailurePolicy:\n    rules: [...]\n  template:\n    spec:\n"
        "      restartPolicy: Never\n",
    .reference = "§2 #27",
    .webhook_note =
        "OnFailure is only ever set explicitly: same verdict. The fix (Never) is "
        "what podFailurePolicy requires, so it is applied by default."};

void check(const CheckContext& ctx, Reporter& out) {
  const auto spec = k8s::job_spec(ctx.object());
  if (!spec.child("podFailurePolicy")) return;
  const auto pod = k8s::pod_spec(ctx.object());
  if (k8s::get_string(pod, "restartPolicy") != "OnFailure") return;
  const std::string pointer = pod.child_pointer("restartPolicy");
  out.report(pointer,
             k8s::rejects(pointer, k8s::invalid("\"OnFailure\"",
                                                "only \"Never\" is supported when "
                                                "podFailurePolicy is specified")),
             "Set restartPolicy: Never.", replace_op(pointer, "Never"));
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
