#include <cstdint>
#include <string>

#include "rules/core/registry.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;

const RuleInfo kInfo{
    .id = "job-work-queue-without-failure-policy",
    .title = "Work-queue Job without podFailurePolicy",
    .severity = Severity::warning,
    .kinds = {"Job", "CronJob"},
    .summary =
        "Reports a work-queue Job (completions unset, parallelism greater than 1) that has no "
        "podFailurePolicy.",
    .rationale =
        "In a work-queue Job the exit code is the protocol: the Job succeeds as soon as one "
        "worker exits 0 (and then no new workers start), so workers must exit 0 only when the "
        "queue is drained and non-zero otherwise. Every non-zero exit is retried against the "
        "single backoffLimit shared by all workers, so one poison message can fail the whole "
        "Job while a fatal configuration error keeps being retried. A podFailurePolicy makes "
        "that contract explicit: FailJob on the exit codes that mean a permanent error, Ignore "
        "disruptions.",
    .remediation =
        "Add a podFailurePolicy that maps the workers' exit codes (FailJob for fatal ones) and "
        "ignores DisruptionTarget; document which exit code means \"queue empty\".",
    .options = {},
    .fixable = false,
    .bad_example = "spec:\n  parallelism: 5\n  template: ...\n",
    .good_example =
        "spec:\n  parallelism: 5\n  podFailurePolicy:\n    rules:\n    - action: FailJob\n"
        "      onExitCodes: {operator: In, values: [3]}\n  template: ...\n",
    .reference = "",
    .webhook_note =
        "The API server leaves completions unset when parallelism is set, so a work-queue "
        "Job looks the same after defaulting; a Job with neither field becomes "
        "completions=parallelism=1 and is not a work queue in either face."};

void check(const CheckContext& ctx, Reporter& out) {
  const auto spec = k8s::job_spec(ctx.object());
  if (!spec || !k8s::is_work_queue(spec) || k8s::has(spec, "podFailurePolicy")) return;
  const auto parallelism = k8s::get_int(spec, "parallelism");
  out.report(spec.child_pointer("parallelism"),
             "work-queue Job (parallelism " + std::to_string(*parallelism) +
                 ", completions unset) without podFailurePolicy: the first worker to exit 0 "
                 "ends the Job, and every non-zero exit is retried against one shared "
                 "backoffLimit");
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
