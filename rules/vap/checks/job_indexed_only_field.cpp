#include "rules/vap/cel_rule.hpp"

namespace jobwarden::vap {
namespace {

CelValidation build([[maybe_unused]] const CelContext& ctx) {
  return any_of({
      {R"cel(variables.hasSpec && (!has(variables.spec.completionMode) || variables.spec.completionMode == 'NonIndexed') && has(variables.spec.backoffLimitPerIndex))cel",
       R"cel((has(variables.spec.completionMode) ? 'completionMode is ' + variables.spec.completionMode : 'completionMode is not set') + ': the API server rejects this: ' + variables.specPath + '.backoffLimitPerIndex: Invalid value: ' + string(variables.spec.backoffLimitPerIndex) + ': requires indexed completion mode')cel"},
      {R"cel(variables.hasSpec && (!has(variables.spec.completionMode) || variables.spec.completionMode == 'NonIndexed') && has(variables.spec.maxFailedIndexes))cel",
       R"cel((has(variables.spec.completionMode) ? 'completionMode is ' + variables.spec.completionMode : 'completionMode is not set') + ': the API server rejects this: ' + variables.specPath + '.maxFailedIndexes: Invalid value: ' + string(variables.spec.maxFailedIndexes) + ': requires indexed completion mode')cel"},
      {R"cel(variables.hasSpec && has(variables.spec.maxFailedIndexes) && !has(variables.spec.backoffLimitPerIndex))cel",
       R"cel('the API server rejects this: ' + variables.specPath + '.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified')cel"},
      {R"cel(variables.hasSpec && has(variables.spec.successPolicy) && (!has(variables.spec.completionMode) || variables.spec.completionMode != 'Indexed'))cel",
       R"cel((has(variables.spec.completionMode) ? 'completionMode is ' + variables.spec.completionMode : 'completionMode is not set') + ': the API server rejects this: ' + variables.specPath + '.successPolicy: Invalid value: {...}: requires indexed completion mode')cel"},
  });
}

}  // namespace

JOBWARDEN_VAP_RULE("job-indexed-only-field",
                   "Fails backoffLimitPerIndex, maxFailedIndexes and successPolicy outside "
                   "completionMode Indexed.",
                   build);

}  // namespace jobwarden::vap
