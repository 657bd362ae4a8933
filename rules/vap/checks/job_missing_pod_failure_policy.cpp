#include "rules/vap/cel_rule.hpp"

namespace jobwarden::vap {
namespace {

CelValidation build([[maybe_unused]] const CelContext& ctx) {
  return {
      R"cel(!variables.hasSpec || has(variables.spec.podFailurePolicy) || (!has(variables.spec.completions) && (has(variables.spec.parallelism) ? variables.spec.parallelism : 1) > 1))cel",
      R"cel('podFailurePolicy is not set: fatal failures are retried until backoffLimit runs out, and pods evicted by disruptions count against it')cel"};
}

}  // namespace

JOBWARDEN_VAP_RULE("job-missing-pod-failure-policy",
                   "Fails a JobSpec without podFailurePolicy, unless it is a work queue "
                   "(completions unset, parallelism above 1).",
                   build);

}  // namespace jobwarden::vap
