#include <string>

#include "rules/core/registry.hpp"
#include "rules/k8s/validation.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;

const RuleInfo kInfo{
    .id = "job-negative-value",
    .title = "Counts and durations must not be negative",
    .severity = Severity::error,
    .kinds = {"Job", "CronJob"},
    .summary =
        "Reports a negative parallelism, completions, activeDeadlineSeconds, backoffLimit, "
        "ttlSecondsAfterFinished, backoffLimitPerIndex or maxFailedIndexes (Job spec, or a "
        "CronJob's jobTemplate), and a negative startingDeadlineSeconds, "
        "successfulJobsHistoryLimit or failedJobsHistoryLimit (CronJob spec).",
    .rationale =
        "The API server rejects every one of them with \"Invalid value: -1: must be greater "
        "than or equal to 0\". Zero is accepted everywhere (parallelism 0 runs nothing, "
        "activeDeadlineSeconds 0 passes validation, history limits 0 keep no Jobs).",
    .remediation = "Use 0 or a positive number, or remove the field to get the default.",
    .options = {},
    .fixable = false,
    .bad_example = "spec:\n  backoffLimit: -1\n",
    .good_example = "spec:\n  backoffLimit: 3\n",
    .reference = "§2 #9, #37",
    .webhook_note = "None of these fields is defaulted to a negative value: same verdict."};

constexpr const char* kJobFields[] = {"parallelism",
                                      "completions",
                                      "activeDeadlineSeconds",
                                      "backoffLimit",
                                      "ttlSecondsAfterFinished",
                                      "backoffLimitPerIndex",
                                      "maxFailedIndexes"};
constexpr const char* kCronJobFields[] = {"startingDeadlineSeconds", "successfulJobsHistoryLimit",
                                          "failedJobsHistoryLimit"};

void check_fields(const k8s::Node& spec, const auto& names, Reporter& out) {
  for (const char* name : names) {
    const auto value = k8s::get_integer(spec, name);
    if (!value || *value >= 0) continue;
    const std::string pointer = spec.child_pointer(name);
    out.report(pointer, k8s::rejects(pointer, k8s::invalid(std::to_string(*value),
                                                           "must be greater than or equal to 0")));
  }
}

void check(const CheckContext& ctx, Reporter& out) {
  const auto& object = ctx.object();
  if (k8s::is_cronjob(object)) {
    check_fields(k8s::object_spec(object), kCronJobFields, out);
  }
  check_fields(k8s::job_spec(object), kJobFields, out);
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
