#include "rules/vap/cel_rule.hpp"

namespace jobwarden::vap {
namespace {

CelValidation build([[maybe_unused]] const CelContext& ctx) {
  const std::string min = std::to_string(ctx.int_option("min"));
  return {
      "!has(object.spec) || (has(object.spec.startingDeadlineSeconds) && "
      "(object.spec.startingDeadlineSeconds < 0 || object.spec.startingDeadlineSeconds >= " +
          min + "))",
      "!has(object.spec.startingDeadlineSeconds) ? 'startingDeadlineSeconds is not set: a "
      "missed run is started whenever the controller catches up, however late' : "
      "'startingDeadlineSeconds ' + string(object.spec.startingDeadlineSeconds) + ' is "
      "below " +
          min +
          " seconds: the controller checks CronJobs about every 10 seconds, so runs can be "
          "skipped'"};
}

}  // namespace

JOBWARDEN_VAP_RULE(
    "cronjob-missing-starting-deadline",
    "Fails a CronJob without startingDeadlineSeconds, or with one below the min option (baked in).",
    build);

}  // namespace jobwarden::vap
