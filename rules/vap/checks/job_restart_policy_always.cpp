#include "rules/vap/cel_rule.hpp"

namespace jobwarden::vap {
namespace {

CelValidation build([[maybe_unused]] const CelContext& ctx) {
  return {
      "!variables.hasPodSpec || (has(variables.podSpec.restartPolicy) && "
      "variables.podSpec.restartPolicy in ['OnFailure', 'Never'])",
      "!has(variables.podSpec.restartPolicy) ? 'restartPolicy is not set, so it defaults to "
      "Always and the API server rejects the ' + object.kind : "
      "variables.podSpec.restartPolicy == '' ? 'restartPolicy is empty, so it defaults to "
      "Always and the API server rejects the ' + object.kind : "
      "variables.podSpec.restartPolicy == 'Always' ? 'restartPolicy Always is not allowed in "
      "a Job pod template: the API server rejects the ' + object.kind + ' (valid values: "
      "OnFailure, Never)' : 'restartPolicy \"' + variables.podSpec.restartPolicy + "
      "'\" is not supported in a Job pod template: the API server rejects the ' + "
      "object.kind + ' (valid values: OnFailure, Never)'"};
}

}  // namespace

JOBWARDEN_VAP_RULE("job-restart-policy-always",
                   "Fails a pod template whose restartPolicy is not OnFailure or Never (the API "
                   "server defaults a missing one to Always).",
                   build);

}  // namespace jobwarden::vap
