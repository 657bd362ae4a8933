#include "rules/vap/cel_rule.hpp"

namespace jobwarden::vap {
namespace {

CelValidation build([[maybe_unused]] const CelContext& ctx) {
  return {"!has(variables.podSpec.restartPolicy) || variables.podSpec.restartPolicy != 'OnFailure'",
          "'restartPolicy is OnFailure: failed containers are restarted in place, so their logs "
          "are lost and backoffLimit counts container restarts instead of failed pods'"};
}

}  // namespace

JOBWARDEN_VAP_RULE("job-restart-policy-on-failure",
                   "Fails a pod template whose restartPolicy is OnFailure.", build);

}  // namespace jobwarden::vap
