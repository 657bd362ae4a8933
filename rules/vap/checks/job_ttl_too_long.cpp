#include "rules/vap/cel_rule.hpp"

namespace jobwarden::vap {
namespace {

CelValidation build([[maybe_unused]] const CelContext& ctx) {
  const std::string max = std::to_string(ctx.int_option("max"));
  return {
      R"cel(!has(variables.spec.ttlSecondsAfterFinished) || variables.spec.ttlSecondsAfterFinished <= )cel" +
          max,
      R"cel('ttlSecondsAfterFinished ' + string(variables.spec.ttlSecondsAfterFinished) + ' is above the maximum of )cel" +
          max +
          R"cel( seconds: finished Jobs and their pods pile up in the API server for that long')cel"};
}

}  // namespace

JOBWARDEN_VAP_RULE("job-ttl-too-long",
                   "Fails ttlSecondsAfterFinished above the max option (baked in).", build);

}  // namespace jobwarden::vap
