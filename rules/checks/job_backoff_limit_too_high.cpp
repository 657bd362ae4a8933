#include <cstdint>
#include <string>

#include "rules/core/registry.hpp"
#include "rules/k8s/defaults.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;

const RuleInfo kInfo{
    .id = "job-backoff-limit-too-high",
    .title = "backoffLimit is above the configured maximum",
    .severity = Severity::warning,
    .kinds = {"Job", "CronJob"},
    .summary =
        "Reports a Job whose backoffLimit is greater than the `max` option (default 10). "
        "A backoffLimit of 2147483647 next to backoffLimitPerIndex is the normal default "
        "there and is not reported.",
    .rationale =
        "Each retry is a new pod after an exponential back-off (10 s, 20 s, 40 s, ... capped "
        "at 6 minutes), so a large backoffLimit keeps a Job that fails for a permanent "
        "reason (bad input, missing secret, a bug) running and consuming resources for hours "
        "before anyone is told. Failures that are worth many retries are usually better "
        "expressed with a podFailurePolicy (Ignore disruptions, FailJob on fatal exit codes).",
    .remediation =
        "Lower backoffLimit, or use podFailurePolicy to retry only the failures that can "
        "succeed on a retry.",
    .options = {{"max", 10, "Largest backoffLimit accepted without a finding."}},
    .fixable = false,
    .bad_example = "spec:\n  backoffLimit: 100\n  template: ...\n",
    .good_example = "spec:\n  backoffLimit: 4\n  template: ...\n",
    .reference = "",
    .webhook_note =
        "The API server defaults backoffLimit to 6 (2147483647 with backoffLimitPerIndex) "
        "before admission; the rule treats a missing backoffLimit as that default, so a file "
        "and the admitted object get the same verdict (only a `max` below 6 reports the "
        "default)."};

void check(const CheckContext& ctx, Reporter& out) {
  const auto spec = k8s::job_spec(ctx.object());
  if (!spec) return;
  const bool per_index = k8s::has(spec, "backoffLimitPerIndex");
  if (k8s::has(spec, "backoffLimit") && !k8s::get_int(spec, "backoffLimit")) return;  // type
  // A CronJob's jobTemplate is not Job-defaulted: absent means the default the Job will get.
  const std::int64_t limit =
      k8s::get_int(spec, "backoffLimit")
          .value_or(per_index ? k8s::kDefaultBackoffLimitPerIndex : k8s::kDefaultBackoffLimit);
  if (per_index && limit == k8s::kDefaultBackoffLimitPerIndex) return;
  const std::int64_t max = ctx.int_option("max");
  if (limit <= max) return;

  const std::string tail = " is above the maximum of " + std::to_string(max) +
                           ": a Job that fails for a permanent reason is retried " +
                           std::to_string(limit) +
                           " times, with back-off, before it is marked failed";
  if (ctx.written(spec.value, "backoffLimit")) {
    out.report(spec.child_pointer("backoffLimit"), "backoffLimit " + std::to_string(limit) + tail);
  } else {
    out.report(spec.pointer,
               "backoffLimit is not set and its default of " + std::to_string(limit) + tail);
  }
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
