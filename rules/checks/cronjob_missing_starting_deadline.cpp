#include <cstdint>
#include <string>

#include "rules/core/registry.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;

const RuleInfo kInfo{
    .id = "cronjob-missing-starting-deadline",
    .title = "startingDeadlineSeconds missing or below 10 seconds",
    .severity = Severity::warning,
    .kinds = {"CronJob"},
    .summary =
        "Reports a CronJob without startingDeadlineSeconds, or with one below the `min` "
        "option (default 10 seconds).",
    .rationale =
        "Without startingDeadlineSeconds a run missed while the CronJob controller was down, "
        "the CronJob was suspended, or the cluster was overloaded is started whenever the "
        "controller catches up, however late (a nightly report at noon), and more than 100 "
        "missed runs produce TooManyMissedTimes errors. A deadline below 10 seconds is the "
        "opposite problem: the controller checks CronJobs about every 10 seconds, so runs "
        "can be skipped altogether (the Kubernetes docs warn about this).",
    .remediation =
        "Set startingDeadlineSeconds to how late a run may still start and be useful (for "
        "example a fraction of the period), and at least 10 seconds.",
    .options = {{"min", 10, "Smallest startingDeadlineSeconds accepted without a finding."}},
    .fixable = false,
    .bad_example = "kind: CronJob\nspec:\n  schedule: \"0 2 * * *\"\n  jobTemplate: ...\n",
    .good_example =
        "kind: CronJob\nspec:\n  schedule: \"0 2 * * *\"\n  startingDeadlineSeconds: 600\n"
        "  jobTemplate: ...\n",
    .reference = "",
    .webhook_note =
        "startingDeadlineSeconds has no default, so the webhook sees exactly what the file "
        "says and gives the same verdict."};

void check(const CheckContext& ctx, Reporter& out) {
  const k8s::Node spec = k8s::object_spec(ctx.object());
  if (!ctx.written_object(spec.value)) return;
  const std::int64_t min = ctx.int_option("min");
  if (!k8s::has(spec, "startingDeadlineSeconds")) {
    out.report(spec.pointer,
               "startingDeadlineSeconds is not set: a missed run is started whenever the "
               "controller catches up, however late");
    return;
  }
  const auto deadline = k8s::get_int(spec, "startingDeadlineSeconds");
  if (!deadline || *deadline < 0 || *deadline >= min) return;  // type/negative: other rules
  out.report(spec.child_pointer("startingDeadlineSeconds"),
             "startingDeadlineSeconds " + std::to_string(*deadline) + " is below " +
                 std::to_string(min) +
                 " seconds: the controller checks CronJobs about every 10 seconds, so runs can "
                 "be skipped");
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
