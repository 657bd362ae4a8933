#include "rules/vap/cel_rule.hpp"

namespace jobwarden::vap {
namespace {

CelValidation build([[maybe_unused]] const CelContext& ctx) {
  return {
      R"cel(!has(object.spec) || has(object.spec.timeZone))cel",
      R"cel('timeZone is not set: the schedule runs in the kube-controller-manager' + "'" + 's local time zone, which differs between clusters')cel"};
}

}  // namespace

JOBWARDEN_VAP_RULE("cronjob-missing-time-zone", "Fails a CronJob without spec.timeZone.", build);

}  // namespace jobwarden::vap
