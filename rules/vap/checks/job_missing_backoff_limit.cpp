#include "rules/vap/cel_rule.hpp"

namespace jobwarden::vap {
namespace {

CelValidation build([[maybe_unused]] const CelContext& ctx) {
  return {
      "!variables.hasSpec || has(variables.spec.backoffLimitPerIndex) || "
      "(has(variables.spec.backoffLimit) && variables.spec.backoffLimit != 6)",
      "has(variables.spec.backoffLimit) ? 'backoffLimit is 6, the value Kubernetes fills in "
      "when it is not set: a failing Job is retried 6 times before it is marked failed' : "
      "'backoffLimit is not set: a failing Job is silently retried 6 times before it is "
      "marked failed'"};
}

}  // namespace

JOBWARDEN_VAP_RULE(
    "job-missing-backoff-limit",
    "Fails a JobSpec whose backoffLimit is unset or 6, unless backoffLimitPerIndex is set.", build);

}  // namespace jobwarden::vap
