#include "rules/vap/cel_rule.hpp"

namespace jobwarden::vap {
namespace {

CelValidation build([[maybe_unused]] const CelContext& ctx) {
  return {
      "!has(variables.spec.backoffLimitPerIndex) || !has(variables.podSpec.restartPolicy) || "
      "variables.podSpec.restartPolicy != 'OnFailure'",
      "'restartPolicy is OnFailure but backoffLimitPerIndex is set: per-index backoff is "
      "documented to require restartPolicy: Never, and container restarts inside a pod are not "
      "counted against it'"};
}

}  // namespace

JOBWARDEN_VAP_RULE("job-backoff-limit-per-index-on-failure",
                   "Fails restartPolicy OnFailure together with backoffLimitPerIndex.", build);

}  // namespace jobwarden::vap
