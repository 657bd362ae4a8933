#include <cstdint>
#include <string>

#include "rules/core/registry.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;

const RuleInfo kInfo{
    .id = "job-ttl-too-long",
    .title = "ttlSecondsAfterFinished keeps finished Jobs too long",
    .severity = Severity::info,
    .kinds = {"Job", "CronJob"},
    .summary =
        "Reports a Job whose ttlSecondsAfterFinished is above the `max` option (default "
        "604800 seconds, 7 days).",
    .rationale =
        "Finished Jobs and their completed pods stay in etcd until the TTL expires. With a "
        "TTL of weeks, frequent Jobs pile up in the thousands, slow down `kubectl get`, the "
        "Job controller and the API server, and defeat the point of setting a TTL.",
    .remediation =
        "Lower ttlSecondsAfterFinished to the time needed to inspect a finished Job; keep "
        "long-term records in a log or metrics system.",
    .options = {{"max", 604800, "Largest ttlSecondsAfterFinished accepted without a finding."}},
    .fixable = false,
    .bad_example = "spec:\n  ttlSecondsAfterFinished: 2592000\n  template: ...\n",
    .good_example = "spec:\n  ttlSecondsAfterFinished: 86400\n  template: ...\n",
    .reference = "",
    .webhook_note =
        "ttlSecondsAfterFinished has no default, so the webhook sees exactly what the file "
        "says and gives the same verdict."};

void check(const CheckContext& ctx, Reporter& out) {
  const auto spec = k8s::job_spec(ctx.object());
  const auto ttl = k8s::get_int(spec, "ttlSecondsAfterFinished");
  if (!ttl) return;
  const std::int64_t max = ctx.int_option("max");
  if (*ttl <= max) return;
  out.report(spec.child_pointer("ttlSecondsAfterFinished"),
             "ttlSecondsAfterFinished " + std::to_string(*ttl) + " is above the maximum of " +
                 std::to_string(max) +
                 " seconds: finished Jobs and their pods pile up in the API server for that long");
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
