#include "rules/vap/cel_rule.hpp"

namespace jobwarden::vap {
namespace {

CelValidation build([[maybe_unused]] const CelContext& ctx) {
  return {
      R"cel(!variables.hasSpec || has(variables.spec.activeDeadlineSeconds))cel",
      R"cel('activeDeadlineSeconds is not set: a Job whose pod hangs is never stopped and runs forever')cel"};
}

}  // namespace

JOBWARDEN_VAP_RULE("job-missing-active-deadline", "Fails a JobSpec without activeDeadlineSeconds.",
                   build);

}  // namespace jobwarden::vap
