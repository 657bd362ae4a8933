#include "rules/vap/cel_rule.hpp"

namespace jobwarden::vap {
namespace {

CelValidation build([[maybe_unused]] const CelContext& ctx) {
  return {
      R"cel(!has(variables.spec.completionMode) || variables.spec.completionMode in ['NonIndexed', 'Indexed'])cel",
      R"cel('the API server rejects this: ' + variables.specPath + '.completionMode: Unsupported value: "' + variables.spec.completionMode + '": supported values: "NonIndexed", "Indexed"')cel"};
}

}  // namespace

JOBWARDEN_VAP_RULE("job-completion-mode-invalid",
                   "Fails a completionMode other than NonIndexed and Indexed.", build);

}  // namespace jobwarden::vap
