#include <cstdint>
#include <string>

#include "rules/core/registry.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;

const RuleInfo kInfo{
    .id = "job-active-deadline-too-high",
    .title = "activeDeadlineSeconds is above the configured maximum",
    .severity = Severity::warning,
    .kinds = {"Job", "CronJob"},
    .summary =
        "Reports a Job whose activeDeadlineSeconds is greater than the `max` option "
        "(default 604800 seconds, 7 days).",
    .rationale =
        "activeDeadlineSeconds is the safety net that stops a hung or endlessly retrying Job. "
        "A deadline of weeks or months is no net at all: a stuck pod holds its CPU, memory "
        "and any locks it took for that long before Kubernetes fails the Job.",
    .remediation =
        "Set activeDeadlineSeconds to a bound on how long a healthy run can take, with margin.",
    .options = {{"max", 604800, "Largest activeDeadlineSeconds accepted without a finding."}},
    .fixable = false,
    .bad_example = "spec:\n  activeDeadlineSeconds: 31536000\n  template: ...\n",
    .good_example = "spec:\n  activeDeadlineSeconds: 7200\n  template: ...\n",
    .reference = "",
    .webhook_note =
        "activeDeadlineSeconds has no default, so the webhook sees exactly what the file "
        "says and gives the same verdict."};

void check(const CheckContext& ctx, Reporter& out) {
  const auto spec = k8s::job_spec(ctx.object());
  const auto deadline = k8s::get_int(spec, "activeDeadlineSeconds");
  if (!deadline) return;
  const std::int64_t max = ctx.int_option("max");
  if (*deadline <= max) return;
  out.report(spec.child_pointer("activeDeadlineSeconds"),
             "activeDeadlineSeconds " + std::to_string(*deadline) + " is above the maximum of " +
                 std::to_string(max) + " seconds: a hung Job keeps its pods for that long before " +
                 "it is stopped");
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
