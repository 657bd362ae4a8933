#include "rules/vap/cel_rule.hpp"

namespace jobwarden::vap {
namespace {

CelValidation build([[maybe_unused]] const CelContext& ctx) {
  return any_of({
      {R"cel(variables.cronjob && has(object.spec) && has(object.spec.startingDeadlineSeconds) && object.spec.startingDeadlineSeconds < 0)cel",
       R"cel('the API server rejects this: spec.startingDeadlineSeconds: Invalid value: ' + string(object.spec.startingDeadlineSeconds) + ': must be greater than or equal to 0')cel"},
      {R"cel(variables.cronjob && has(object.spec) && has(object.spec.successfulJobsHistoryLimit) && object.spec.successfulJobsHistoryLimit < 0)cel",
       R"cel('the API server rejects this: spec.successfulJobsHistoryLimit: Invalid value: ' + string(object.spec.successfulJobsHistoryLimit) + ': must be greater than or equal to 0')cel"},
      {R"cel(variables.cronjob && has(object.spec) && has(object.spec.failedJobsHistoryLimit) && object.spec.failedJobsHistoryLimit < 0)cel",
       R"cel('the API server rejects this: spec.failedJobsHistoryLimit: Invalid value: ' + string(object.spec.failedJobsHistoryLimit) + ': must be greater than or equal to 0')cel"},
      {R"cel(has(variables.spec.parallelism) && variables.spec.parallelism < 0)cel",
       R"cel('the API server rejects this: ' + variables.specPath + '.parallelism: Invalid value: ' + string(variables.spec.parallelism) + ': must be greater than or equal to 0')cel"},
      {R"cel(has(variables.spec.completions) && variables.spec.completions < 0)cel",
       R"cel('the API server rejects this: ' + variables.specPath + '.completions: Invalid value: ' + string(variables.spec.completions) + ': must be greater than or equal to 0')cel"},
      {R"cel(has(variables.spec.activeDeadlineSeconds) && variables.spec.activeDeadlineSeconds < 0)cel",
       R"cel('the API server rejects this: ' + variables.specPath + '.activeDeadlineSeconds: Invalid value: ' + string(variables.spec.activeDeadlineSeconds) + ': must be greater than or equal to 0')cel"},
      {R"cel(has(variables.spec.backoffLimit) && variables.spec.backoffLimit < 0)cel",
       R"cel('the API server rejects this: ' + variables.specPath + '.backoffLimit: Invalid value: ' + string(variables.spec.backoffLimit) + ': must be greater than or equal to 0')cel"},
      {R"cel(has(variables.spec.ttlSecondsAfterFinished) && variables.spec.ttlSecondsAfterFinished < 0)cel",
       R"cel('the API server rejects this: ' + variables.specPath + '.ttlSecondsAfterFinished: Invalid value: ' + string(variables.spec.ttlSecondsAfterFinished) + ': must be greater than or equal to 0')cel"},
      {R"cel(has(variables.spec.backoffLimitPerIndex) && variables.spec.backoffLimitPerIndex < 0)cel",
       R"cel('the API server rejects this: ' + variables.specPath + '.backoffLimitPerIndex: Invalid value: ' + string(variables.spec.backoffLimitPerIndex) + ': must be greater than or equal to 0')cel"},
      {R"cel(has(variables.spec.maxFailedIndexes) && variables.spec.maxFailedIndexes < 0)cel",
       R"cel('the API server rejects this: ' + variables.specPath + '.maxFailedIndexes: Invalid value: ' + string(variables.spec.maxFailedIndexes) + ': must be greater than or equal to 0')cel"},
  });
}

}  // namespace

JOBWARDEN_VAP_RULE("job-negative-value",
                   "Fails negative counts and durations (JobSpec and CronJobSpec).", build);

}  // namespace jobwarden::vap
