#include "rules/vap/cel_rule.hpp"

namespace jobwarden::vap {
namespace {

CelValidation build([[maybe_unused]] const CelContext& ctx) {
  return any_of({
      {R"cel(has(variables.spec.selector))cel",
       R"cel('the API server rejects this: spec.jobTemplate.spec.selector: Invalid value: {...}: `selector` will be auto-generated')cel"},
      {R"cel(has(variables.spec.manualSelector) && variables.spec.manualSelector == true)cel",
       R"cel('the API server rejects this: spec.jobTemplate.spec.manualSelector: Unsupported value: true: supported values: "nil", "false"')cel"},
  });
}

}  // namespace

JOBWARDEN_VAP_RULE("cronjob-job-template-selector",
                   "Fails a selector or manualSelector: true in a CronJob jobTemplate.", build);

}  // namespace jobwarden::vap
