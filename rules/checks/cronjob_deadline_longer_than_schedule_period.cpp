#include <cstdint>
#include <string>

#include "rules/core/registry.hpp"
#include "rules/k8s/schedule_period.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;

const RuleInfo kInfo{
    .id = "cronjob-deadline-longer-than-schedule-period",
    .title = "A run may outlast the schedule's period",
    .severity = Severity::warning,
    .kinds = {"CronJob"},
    .summary =
        "Reports a CronJob whose jobTemplate activeDeadlineSeconds is longer than the "
        "shortest time between two runs of its schedule. The period is computed for 5-field "
        "schedules and the @hourly-style and @every descriptors; schedules it cannot "
        "interpret are skipped.",
    .rationale =
        "The deadline allows a run to still be going when the next one is due. With "
        "concurrencyPolicy Allow the runs overlap; with Forbid the next run is skipped (and "
        "counts as missed); with Replace the running Job is killed before it can finish. "
        "Either the deadline is not a real bound or the schedule is too tight.",
    .remediation =
        "Bound activeDeadlineSeconds by the period (with margin), or run the CronJob less "
        "often.",
    .options = {},
    .fixable = false,
    .bad_example =
        "kind: CronJob\nspec:\n  schedule: \"*/15 * * * *\"\n  jobTemplate:\n    spec:\n"
        "      activeDeadlineSeconds: 3600\n",
    .good_example =
        "kind: CronJob\nspec:\n  schedule: \"*/15 * * * *\"\n  jobTemplate:\n    spec:\n"
        "      activeDeadlineSeconds: 600\n",
    .reference = "",
    .webhook_note =
        "Neither schedule nor activeDeadlineSeconds is defaulted (concurrencyPolicy is, to "
        "Allow, which is also how the rule reads a missing one), so the webhook gives the "
        "same verdict."};

void check(const CheckContext& ctx, Reporter& out) {
  const k8s::Node spec = k8s::object_spec(ctx.object());
  const auto schedule = k8s::get_string(spec, "schedule");
  const auto job = k8s::job_spec(ctx.object());
  const auto deadline = k8s::get_int(job, "activeDeadlineSeconds");
  if (!schedule || !deadline || *deadline < 0) return;
  const auto period = k8s::min_schedule_period_seconds(*schedule);
  if (!period || *deadline <= *period) return;
  const std::string policy = k8s::get_string(spec, "concurrencyPolicy").value_or("Allow");
  std::string consequence;
  if (policy == "Forbid") {
    consequence = "with concurrencyPolicy Forbid the next run is skipped while it goes on";
  } else if (policy == "Replace") {
    consequence = "with concurrencyPolicy Replace the next run kills it before it finishes";
  } else {
    consequence = "with concurrencyPolicy Allow the next run starts next to it";
  }
  out.report(job.child_pointer("activeDeadlineSeconds"),
             "activeDeadlineSeconds " + std::to_string(*deadline) + " (" +
                 k8s::human_duration(*deadline) + ") is longer than the schedule's period of " +
                 k8s::human_duration(*period) + " (" + nlohmann::json(*schedule).dump() +
                 "): a run may still be going when the next is due, and " + consequence);
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
