#include "rules/vap/cel_rule.hpp"

namespace jobwarden::vap {
namespace {

CelValidation build([[maybe_unused]] const CelContext& ctx) {
  return {
      R"cel(!has(variables.spec.completionMode) || variables.spec.completionMode != 'Indexed' || has(variables.spec.completions))cel",
      R"cel('completionMode is Indexed but completions is not set: the API server rejects the ' + object.kind + ' (completions is required when completion mode is Indexed)')cel"};
}

}  // namespace

JOBWARDEN_VAP_RULE("job-indexed-without-completions",
                   "Fails completionMode Indexed without completions.", build);

}  // namespace jobwarden::vap
