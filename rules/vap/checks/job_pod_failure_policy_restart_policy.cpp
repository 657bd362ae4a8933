#include "rules/vap/cel_rule.hpp"

namespace jobwarden::vap {
namespace {

CelValidation build([[maybe_unused]] const CelContext& ctx) {
  return {
      "!has(variables.spec.podFailurePolicy) || !has(variables.podSpec.restartPolicy) || "
      "variables.podSpec.restartPolicy != 'OnFailure'",
      "'the API server rejects this: ' + variables.specPath + "
      "'.template.spec.restartPolicy: Invalid value: \"OnFailure\": only \"Never\" is "
      "supported when podFailurePolicy is specified'"};
}

}  // namespace

JOBWARDEN_VAP_RULE("job-pod-failure-policy-restart-policy",
                   "Fails restartPolicy OnFailure together with podFailurePolicy.", build);

}  // namespace jobwarden::vap
