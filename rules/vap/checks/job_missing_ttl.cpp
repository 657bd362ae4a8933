#include "rules/vap/cel_rule.hpp"

namespace jobwarden::vap {
namespace {

CelValidation build([[maybe_unused]] const CelContext& ctx) {
  return {
      "(has(variables.metadata.ownerReferences) && variables.metadata.ownerReferences.exists(r, "
      "has(r.kind) && r.kind == 'CronJob' && has(r.controller) && r.controller)) || "
      "!variables.hasSpec || has(variables.spec.ttlSecondsAfterFinished)",
      "'ttlSecondsAfterFinished is not set: the finished Job and its pods are never deleted and "
      "pile up'"};
}

}  // namespace

JOBWARDEN_VAP_RULE("job-missing-ttl",
                   "Fails a Job without spec.ttlSecondsAfterFinished unless a CronJob controls it.",
                   build);

}  // namespace jobwarden::vap
