#include "rules/vap/cel_rule.hpp"

namespace jobwarden::vap {
namespace {

CelValidation build([[maybe_unused]] const CelContext& ctx) {
  const std::string min = std::to_string(ctx.int_option("min"));
  return {
      R"cel(!has(variables.spec.ttlSecondsAfterFinished) || variables.spec.ttlSecondsAfterFinished < 0 || variables.spec.ttlSecondsAfterFinished >= )cel" +
          min,
      R"cel('ttlSecondsAfterFinished ' + string(variables.spec.ttlSecondsAfterFinished) + ' is below the minimum of )cel" +
          min +
          R"cel( seconds: the finished Job and its pods' + "'" + ' logs are deleted before anyone can look at them')cel"};
}

}  // namespace

JOBWARDEN_VAP_RULE("job-ttl-too-short",
                   "Fails ttlSecondsAfterFinished from 0 to below the min option (baked in).",
                   build);

}  // namespace jobwarden::vap
