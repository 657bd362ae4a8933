#include "rules/vap/cel_rule.hpp"

namespace jobwarden::vap {
namespace {

CelValidation build([[maybe_unused]] const CelContext& ctx) {
  const std::string max = std::to_string(ctx.int_option("max"));
  return {"!has(variables.spec.activeDeadlineSeconds) || variables.spec.activeDeadlineSeconds <= " +
              max,
          "'activeDeadlineSeconds ' + string(variables.spec.activeDeadlineSeconds) + ' is "
          "above the maximum of " +
              max + " seconds: a hung Job keeps its pods for that long before it is stopped'"};
}

}  // namespace

JOBWARDEN_VAP_RULE("job-active-deadline-too-high",
                   "Fails activeDeadlineSeconds above the max option (baked in).", build);

}  // namespace jobwarden::vap
