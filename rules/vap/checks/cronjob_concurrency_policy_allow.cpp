#include "rules/vap/cel_rule.hpp"

namespace jobwarden::vap {
namespace {

CelValidation build([[maybe_unused]] const CelContext& ctx) {
  return {
      "!has(object.spec) || (has(object.spec.concurrencyPolicy) && "
      "object.spec.concurrencyPolicy != 'Allow')",
      "(has(object.spec.concurrencyPolicy) ? 'concurrencyPolicy is Allow' : "
      "'concurrencyPolicy is not set, so it is Allow') + \": a run that outlasts the "
      "schedule's period overlaps with the next one\""};
}

}  // namespace

JOBWARDEN_VAP_RULE("cronjob-concurrency-policy-allow",
                   "Fails a CronJob whose concurrencyPolicy is unset or Allow.", build);

}  // namespace jobwarden::vap
