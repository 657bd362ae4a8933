#include <cstdint>
#include <string>

#include "rules/core/registry.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;

const RuleInfo kInfo{
    .id = "job-missing-pod-failure-policy",
    .title = "No podFailurePolicy: every failure is retried the same way",
    .severity = Severity::info,
    .kinds = {"Job", "CronJob"},
    .summary =
        "Reports a Job without podFailurePolicy when the target Kubernetes version has it "
        "enabled by default (1.26 and later). Work-queue Jobs are left to "
        "job-work-queue-without-failure-policy.",
    .rationale =
        "Without a podFailurePolicy every pod failure counts against backoffLimit: a fatal "
        "error (bad input, a bug: retrying cannot help) is retried until the budget runs out, "
        "while a pod evicted by a node drain or preemption uses up a retry it did not "
        "deserve. A podFailurePolicy lets the Job fail at once on fatal exit codes (FailJob) "
        "and not count disruptions (Ignore on DisruptionTarget).",
    .remediation =
        "Add a podFailurePolicy: FailJob on the exit codes that mean a permanent failure, "
        "Ignore on the DisruptionTarget pod condition (requires restartPolicy: Never).",
    .options = {},
    .fixable = false,
    .bad_example = "spec:\n  backoffLimit: 4\n  template: ...\n",
    .good_example =
        "spec:\n  backoffLimit: 4\n  podFailurePolicy:\n    rules:\n    - action: FailJob\n"
        "      onExitCodes: {operator: In, values: [42]}\n    - action: Ignore\n"
        "      onPodConditions: [{type: DisruptionTarget}]\n  template: ...\n",
    .reference = "",
    .webhook_note =
        "podFailurePolicy has no default, so the webhook gives the same verdict; the "
        "work-queue test uses completions and parallelism after defaulting."};

void check(const CheckContext& ctx, Reporter& out) {
  if (ctx.kube_version() < KubeVersion{1, 26}) return;  // alpha before 1.26: off by default
  const auto spec = k8s::job_spec(ctx.object());
  if (!ctx.written_object(spec.value) || k8s::has(spec, "podFailurePolicy") ||
      k8s::is_work_queue(spec))
    return;
  out.report(spec.pointer,
             "podFailurePolicy is not set: fatal failures are retried until backoffLimit runs "
             "out, and pods evicted by disruptions count against it");
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
