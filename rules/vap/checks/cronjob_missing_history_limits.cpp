#include "rules/vap/cel_rule.hpp"

namespace jobwarden::vap {
namespace {

CelValidation build([[maybe_unused]] const CelContext& ctx) {
  return any_of({
      {R"cel(has(object.spec) && (!has(object.spec.successfulJobsHistoryLimit) || object.spec.successfulJobsHistoryLimit == 3))cel",
       R"cel((has(object.spec.successfulJobsHistoryLimit) ? 'successfulJobsHistoryLimit is 3, the value Kubernetes fills in when it is not set' : 'successfulJobsHistoryLimit is not set') + ': Kubernetes keeps the last 3 successful Jobs')cel"},
      {R"cel(has(object.spec) && (!has(object.spec.failedJobsHistoryLimit) || object.spec.failedJobsHistoryLimit == 1))cel",
       R"cel((has(object.spec.failedJobsHistoryLimit) ? 'failedJobsHistoryLimit is 1, the value Kubernetes fills in when it is not set' : 'failedJobsHistoryLimit is not set') + ': Kubernetes keeps the last 1 failed Job')cel"},
  });
}

}  // namespace

JOBWARDEN_VAP_RULE(
    "cronjob-missing-history-limits",
    "Fails successfulJobsHistoryLimit / failedJobsHistoryLimit unset or at their defaults (3, 1).",
    build);

}  // namespace jobwarden::vap
