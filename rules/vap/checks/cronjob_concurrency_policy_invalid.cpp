#include "rules/vap/cel_rule.hpp"

namespace jobwarden::vap {
namespace {

CelValidation build([[maybe_unused]] const CelContext& ctx) {
  return {
      R"cel(!has(object.spec) || !has(object.spec.concurrencyPolicy) || object.spec.concurrencyPolicy in ['', 'Allow', 'Forbid', 'Replace'])cel",
      R"cel('the API server rejects this: spec.concurrencyPolicy: Unsupported value: "' + object.spec.concurrencyPolicy + '": supported values: "Allow", "Forbid", "Replace"')cel"};
}

}  // namespace

JOBWARDEN_VAP_RULE("cronjob-concurrency-policy-invalid",
                   "Fails a concurrencyPolicy other than Allow, Forbid and Replace.", build);

}  // namespace jobwarden::vap
