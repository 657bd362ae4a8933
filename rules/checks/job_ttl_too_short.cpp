#include <cstdint>
#include <string>

#include "rules/core/registry.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;

const RuleInfo kInfo{
    .id = "job-ttl-too-short",
    .title = "ttlSecondsAfterFinished is too short to read the logs",
    .severity = Severity::warning,
    .kinds = {"Job", "CronJob"},
    .summary =
        "Reports a Job whose ttlSecondsAfterFinished is below the `min` option (default 60 "
        "seconds), including 0.",
    .rationale =
        "When the TTL expires the TTL controller deletes the Job and, through garbage "
        "collection, its pods and their logs. With a TTL of seconds a failed Job vanishes "
        "before anyone (or any alert) can look at why it failed; `kubectl logs` finds nothing.",
    .remediation =
        "Keep finished Jobs long enough to inspect them (minutes to a day), or ship logs "
        "elsewhere before relying on a short TTL.",
    .options = {{"min", 60, "Smallest ttlSecondsAfterFinished accepted without a finding."}},
    .fixable = false,
    .bad_example = "spec:\n  ttlSecondsAfterFinished: 0\n  template: ...\n",
    .good_example = "spec:\n  ttlSecondsAfterFinished: 3600\n  template: ...\n",
    .reference = "",
    .webhook_note =
        "ttlSecondsAfterFinished has no default, so the webhook sees exactly what the file "
        "says and gives the same verdict."};

void check(const CheckContext& ctx, Reporter& out) {
  const auto spec = k8s::job_spec(ctx.object());
  const auto ttl = k8s::get_int(spec, "ttlSecondsAfterFinished");
  if (!ttl || *ttl < 0) return;  // negative: rejected by the API server, another rule
  const std::int64_t min = ctx.int_option("min");
  if (*ttl >= min) return;
  out.report(spec.child_pointer("ttlSecondsAfterFinished"),
             "ttlSecondsAfterFinished " + std::to_string(*ttl) + " is below the minimum of " +
                 std::to_string(min) +
                 " seconds: the finished Job and its pods' logs are deleted before anyone can "
                 "look at them");
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
