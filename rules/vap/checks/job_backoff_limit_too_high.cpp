#include "rules/vap/cel_rule.hpp"

namespace jobwarden::vap {
namespace {

CelValidation build([[maybe_unused]] const CelContext& ctx) {
  const std::string max = std::to_string(ctx.int_option("max"));
  // The limit the Job gets: a CronJob's jobTemplate is not defaulted.
  const std::string limit =
      R"cel((has(variables.spec.backoffLimit) ? variables.spec.backoffLimit : (has(variables.spec.backoffLimitPerIndex) ? 2147483647 : 6)))cel";
  return {"!variables.hasSpec || (has(variables.spec.backoffLimitPerIndex) && " + limit +
              " == 2147483647) || " + limit + " <= " + max,
          "(has(variables.spec.backoffLimit) ? 'backoffLimit ' + string(" + limit +
              ") : 'backoffLimit is not set and its default of ' + string(" + limit +
              ")) + ' is above the maximum of " + max +
              ": a Job that fails for a permanent reason is retried ' + string(" + limit +
              ") + ' times, with back-off, before it is marked failed'"};
}

}  // namespace

JOBWARDEN_VAP_RULE("job-backoff-limit-too-high",
                   "Fails a backoffLimit (or its default: 6, 2147483647 with backoffLimitPerIndex) "
                   "above the max option (baked in).",
                   build);

}  // namespace jobwarden::vap
