#include "rules/vap/cel_rule.hpp"

namespace jobwarden::vap {
namespace {

CelValidation build([[maybe_unused]] const CelContext& ctx) {
  return {
      R"cel(!has(variables.spec.manualSelector) || variables.spec.manualSelector != true)cel",
      R"cel('manualSelector is true: the selector is not generated, and pods of other Jobs that match it are counted and deleted as this Job' + "'" + 's own')cel"};
}

}  // namespace

JOBWARDEN_VAP_RULE("job-manual-selector", "Fails a Job with manualSelector: true.", build);

}  // namespace jobwarden::vap
