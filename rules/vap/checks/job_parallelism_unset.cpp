#include "rules/vap/cel_rule.hpp"

namespace jobwarden::vap {
namespace {

CelValidation build([[maybe_unused]] const CelContext& ctx) {
  return {
      R"cel(!has(variables.spec.completions) || variables.spec.completions <= 1 || (has(variables.spec.parallelism) && variables.spec.parallelism != 1))cel",
      R"cel((has(variables.spec.parallelism) ? 'parallelism is 1' : 'parallelism is not set') + ': the ' + string(variables.spec.completions) + ' completions run one pod at a time')cel"};
}

}  // namespace

JOBWARDEN_VAP_RULE("job-parallelism-unset",
                   "Fails completions above 1 with parallelism unset or 1.", build);

}  // namespace jobwarden::vap
