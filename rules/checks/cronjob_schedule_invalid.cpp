#include <string>

#include "rules/core/registry.hpp"
#include "rules/k8s/validation.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;
using nlohmann::json;

const RuleInfo kInfo{
    .id = "cronjob-schedule-invalid",
    .title = "CronJob schedule the API server rejects",
    .severity = Severity::error,
    .kinds = {"CronJob"},
    .summary =
        "Reports a missing or empty schedule, a schedule that is not a standard 5-field cron "
        "expression (minute hour day-of-month month day-of-week, with *, ?, lists, ranges, "
        "steps and JAN-DEC / SUN-SAT names) or a descriptor (@yearly, @annually, @monthly, "
        "@weekly, @daily, @midnight, @hourly, @every <duration>), and a schedule containing "
        "TZ= or CRON_TZ=.",
    .rationale =
        "The API server parses the schedule with robfig/cron's ParseStandard and rejects what "
        "it cannot parse, e.g. a 6-field schedule with seconds: \"spec.schedule: Invalid "
        "value: \\\"0 0 * * * *\\\": expected exactly 5 fields, found 6: [0 0 * * * *]\". "
        "Time-zone prefixes are rejected in favour of spec.timeZone: \"cannot use TZ or "
        "CRON_TZ in schedule, use timeZone field instead\".",
    .remediation =
        "Write five fields (\"30 2 * * *\" is 02:30 every day) or a descriptor such as "
        "@daily; set the zone with spec.timeZone.",
    .options = {},
    .fixable = false,
    .bad_example = "spec:\n  schedule: \"CRON_TZ=Europe/Berlin 0 0 2 * * *\"\n",
    .good_example = "spec:\n  schedule: \"0 2 * * *\"\n  timeZone: Europe/Berlin\n",
    .reference = "§2 #34-#35",
    .webhook_note =
        "The schedule has no default: same verdict. On update the API server tolerates a TZ "
        "prefix that the stored schedule already had; the webhook cannot see that and reports "
        "it anyway."};

void check(const CheckContext& ctx, Reporter& out) {
  const k8s::Node spec = k8s::object_spec(ctx.object());
  if (!spec) return;
  const json* schedule_json = k8s::member(spec, "schedule");
  const std::string pointer = spec.child_pointer("schedule");
  if (schedule_json != nullptr && !schedule_json->is_null() && !schedule_json->is_string()) {
    return;  // type error: job-invalid-field-type
  }
  const std::string schedule = schedule_json != nullptr && schedule_json->is_string()
                                   ? schedule_json->get<std::string>()
                                   : std::string();
  if (schedule.empty()) {
    // Here schedule is absent, null or "" (other types returned above).
    out.report(spec.pointer_of("schedule"), k8s::rejects(pointer, k8s::required()));
    return;
  }
  const std::string quoted = k8s::go_quote(schedule);
  if (auto error = k8s::cron_schedule_error(schedule)) {
    out.report(pointer, k8s::rejects(pointer, k8s::invalid(quoted, *error)));
  }
  if (schedule.find("TZ") != std::string::npos) {
    out.report(pointer,
               k8s::rejects(pointer, k8s::invalid(quoted,
                                                  "cannot use TZ or CRON_TZ in schedule, "
                                                  "use timeZone field instead")),
               "Remove the TZ=/CRON_TZ= prefix and set spec.timeZone instead.");
  }
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
