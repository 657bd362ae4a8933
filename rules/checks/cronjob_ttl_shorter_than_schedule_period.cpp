#include <cstdint>
#include <string>

#include "rules/core/registry.hpp"
#include "rules/k8s/schedule_period.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;

const RuleInfo kInfo{
    .id = "cronjob-ttl-shorter-than-schedule-period",
    .title = "Finished Jobs are deleted before the next run",
    .severity = Severity::info,
    .kinds = {"CronJob"},
    .summary =
        "Reports a CronJob whose jobTemplate ttlSecondsAfterFinished is shorter than the "
        "shortest time between two runs of its schedule. The period is computed for 5-field "
        "schedules and the @hourly-style and @every descriptors; schedules it cannot "
        "interpret are skipped.",
    .rationale =
        "The TTL controller deletes each finished Job (with its pods and logs) before the "
        "next run starts, so between runs there is nothing to look at: "
        "successfulJobsHistoryLimit and failedJobsHistoryLimit never get to keep anything, "
        "`kubectl get jobs` is empty, and the logs of a failed run are gone before anyone "
        "compares it with the next one.",
    .remediation =
        "Let the TTL cover at least one period (or drop it and rely on the history limits).",
    .options = {},
    .fixable = false,
    .bad_example =
        "kind: CronJob\nspec:\n  schedule: \"0 * * * *\"\n  jobTemplate:\n    spec:\n"
        "      ttlSecondsAfterFinished: 300\n",
    .good_example =
        "kind: CronJob\nspec:\n  schedule: \"0 * * * *\"\n  jobTemplate:\n    spec:\n"
        "      ttlSecondsAfterFinished: 86400\n",
    .reference = "",
    .webhook_note =
        "Neither schedule nor ttlSecondsAfterFinished is defaulted, so the webhook gives the "
        "same verdict."};

void check(const CheckContext& ctx, Reporter& out) {
  const k8s::Node spec = k8s::object_spec(ctx.object());
  const auto schedule = k8s::get_string(spec, "schedule");
  const auto job = k8s::job_spec(ctx.object());
  const auto ttl = k8s::get_int(job, "ttlSecondsAfterFinished");
  if (!schedule || !ttl || *ttl < 0) return;
  const auto period = k8s::min_schedule_period_seconds(*schedule);
  if (!period || *ttl >= *period) return;
  out.report(job.child_pointer("ttlSecondsAfterFinished"),
             "ttlSecondsAfterFinished " + std::to_string(*ttl) +
                 " is shorter than the schedule's period of " + k8s::human_duration(*period) +
                 " (" + nlohmann::json(*schedule).dump() +
                 "): each finished Job and its logs are deleted before the next run");
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
