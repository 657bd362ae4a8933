#include "rules/vap/cel_rule.hpp"

namespace jobwarden::vap {
namespace {

CelValidation build([[maybe_unused]] const CelContext& ctx) {
  return any_of({
      {R"cel(has(variables.spec.completionMode) && variables.spec.completionMode == 'Indexed' && has(variables.spec.parallelism) && variables.spec.parallelism > 100000)cel",
       R"cel('the API server rejects this: ' + variables.specPath + '.parallelism: Invalid value: ' + string(variables.spec.parallelism) + ': must be less than or equal to 100000 when completion mode is Indexed')cel"},
      {R"cel(has(variables.spec.completionMode) && variables.spec.completionMode == 'Indexed' && has(variables.spec.completions) && has(variables.spec.maxFailedIndexes) && variables.spec.maxFailedIndexes > variables.spec.completions)cel",
       R"cel('the API server rejects this: ' + variables.specPath + '.maxFailedIndexes: Invalid value: ' + string(variables.spec.maxFailedIndexes) + ': must be less than or equal to completions')cel"},
      {R"cel(has(variables.spec.completionMode) && variables.spec.completionMode == 'Indexed' && has(variables.spec.maxFailedIndexes) && variables.spec.maxFailedIndexes > 100000)cel",
       R"cel('the API server rejects this: ' + variables.specPath + '.maxFailedIndexes: Invalid value: ' + string(variables.spec.maxFailedIndexes) + ': must be less than or equal to 100000')cel"},
      {R"cel(has(variables.spec.completionMode) && variables.spec.completionMode == 'Indexed' && has(variables.spec.completions) && variables.spec.completions > 100000 && has(variables.spec.backoffLimitPerIndex) && !has(variables.spec.maxFailedIndexes))cel",
       R"cel('completions is ' + string(variables.spec.completions) + ' with backoffLimitPerIndex but maxFailedIndexes is not set: the API server rejects this: ' + variables.specPath + '.maxFailedIndexes: Required value: must be specified when completions is above 100000')cel"},
      {R"cel(has(variables.spec.completionMode) && variables.spec.completionMode == 'Indexed' && has(variables.spec.completions) && variables.spec.completions > 100000 && has(variables.spec.backoffLimitPerIndex) && has(variables.spec.parallelism) && variables.spec.parallelism > 10000)cel",
       R"cel('the API server rejects this: ' + variables.specPath + '.parallelism: Invalid value: ' + string(variables.spec.parallelism) + ': must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index')cel"},
      {R"cel(has(variables.spec.completionMode) && variables.spec.completionMode == 'Indexed' && has(variables.spec.completions) && variables.spec.completions > 100000 && has(variables.spec.backoffLimitPerIndex) && has(variables.spec.maxFailedIndexes) && variables.spec.maxFailedIndexes > 10000)cel", R"cel('the API server rejects this: ' + variables.specPath + '.maxFailedIndexes: Invalid value: ' + string(variables.spec.maxFailedIndexes) + ': must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index')cel"},
  });
}

}  // namespace

JOBWARDEN_VAP_RULE(
    "job-indexed-limits",
    "Fails the Indexed-mode limits of parallelism, completions and maxFailedIndexes.", build);

}  // namespace jobwarden::vap
