#include "rules/vap/cel_rule.hpp"

namespace jobwarden::vap {
namespace {

CelValidation build([[maybe_unused]] const CelContext& ctx) {
  return {
      R"cel(!has(variables.spec.completions) || !has(variables.spec.parallelism) || variables.spec.completions <= 0 || variables.spec.parallelism <= variables.spec.completions)cel",
      R"cel('parallelism is ' + string(variables.spec.parallelism) + ' but completions is ' + string(variables.spec.completions) + ': at most ' + string(variables.spec.completions) + ' pods ever run at once, so the extra parallelism is never used')cel"};
}

}  // namespace

JOBWARDEN_VAP_RULE("job-parallelism-above-completions",
                   "Fails parallelism above a positive completions.", build);

}  // namespace jobwarden::vap
