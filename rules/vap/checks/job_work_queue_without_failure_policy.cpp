#include "rules/vap/cel_rule.hpp"

namespace jobwarden::vap {
namespace {

CelValidation build([[maybe_unused]] const CelContext& ctx) {
  return {
      R"cel(!variables.hasSpec || !(!has(variables.spec.completions) && (has(variables.spec.parallelism) ? variables.spec.parallelism : 1) > 1) || has(variables.spec.podFailurePolicy))cel",
      R"cel('work-queue Job (parallelism ' + string(variables.spec.parallelism) + ', completions unset) without podFailurePolicy: the first worker to exit 0 ends the Job, and every non-zero exit is retried against one shared backoffLimit')cel"};
}

}  // namespace

JOBWARDEN_VAP_RULE(
    "job-work-queue-without-failure-policy",
    "Fails a work-queue JobSpec (completions unset, parallelism above 1) without podFailurePolicy.",
    build);

}  // namespace jobwarden::vap
