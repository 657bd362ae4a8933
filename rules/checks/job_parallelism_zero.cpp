#include "rules/core/registry.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;

const RuleInfo kInfo{
    .id = "job-parallelism-zero",
    .title = "parallelism: 0 pauses the Job; use suspend",
    .severity = Severity::warning,
    .kinds = {"Job", "CronJob"},
    .summary = "Reports a Job whose parallelism is 0.",
    .rationale =
        "parallelism: 0 is valid, but no pod ever starts: the Job sits there active, its "
        "activeDeadlineSeconds timer keeps running and it fails with DeadlineExceeded, and "
        "nothing says why it is idle. suspend: true is the supported way to hold a Job: it "
        "stops the deadline timer, shows a Suspended condition, and is what queueing "
        "controllers (Kueue) use.",
    .remediation =
        "Set parallelism to the number of pods to run, and suspend: true to hold the Job.",
    .options = {},
    .fixable = false,
    .bad_example = "spec:\n  parallelism: 0\n  template: ...\n",
    .good_example = "spec:\n  suspend: true\n  parallelism: 4\n  template: ...\n",
    .reference = "",
    .webhook_note =
        "Defaulting only fills in a missing parallelism (with 1), so an explicit 0 reaches "
        "the webhook unchanged and the verdict is the same."};

void check(const CheckContext& ctx, Reporter& out) {
  const auto spec = k8s::job_spec(ctx.object());
  if (k8s::get_int(spec, "parallelism") != 0) return;
  out.report(spec.child_pointer("parallelism"),
             "parallelism is 0: no pod ever starts, and the Job looks active until its deadline "
             "fails it; use suspend: true to hold a Job");
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
