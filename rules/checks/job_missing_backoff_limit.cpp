#include "rules/core/registry.hpp"
#include "rules/k8s/defaults.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;

const RuleInfo kInfo{
    .id = "job-missing-backoff-limit",
    .title = "Set backoffLimit explicitly",
    .severity = Severity::warning,
    .kinds = {"Job", "CronJob"},
    .summary =
        "Reports a Job whose backoffLimit is not set (or is 6, the value Kubernetes fills "
        "in), unless backoffLimitPerIndex controls retries.",
    .rationale =
        "Without backoffLimit a failing Job is silently retried 6 times, with exponential "
        "back-off, before it is marked failed. Choosing the number makes the retry budget "
        "visible and fits it to the workload (non-idempotent work often wants 0).",
    .remediation = "Set backoffLimit to the number of retries this workload can afford.",
    .options = {{"default", 3, "backoffLimit set by the fix."}},
    .fixable = true,
    .bad_example = "spec:\n  template: ...\n",
    .good_example = "spec:\n  backoffLimit: 3\n  template: ...\n",
    .reference = "",
    .webhook_note =
        "The API server defaults backoffLimit to 6 before admission, so the rule also "
        "reports an explicit 6 (in files too, to give the same verdict). It stays quiet "
        "when backoffLimitPerIndex is set, where 2147483647 is the normal default."};

void check(const CheckContext& ctx, Reporter& out) {
  const auto spec = k8s::job_spec(ctx.object());
  if (!spec) return;
  if (k8s::has(spec, "backoffLimitPerIndex")) return;  // per-index retries: backoffLimit is moot
  const auto limit = k8s::get_int(spec, "backoffLimit");
  if (k8s::has(spec, "backoffLimit") && !limit) return;  // wrong type: job-invalid-field-type
  if (limit && *limit != k8s::kDefaultBackoffLimit) return;

  const bool raw_set = ctx.written(spec.value, "backoffLimit");
  const std::string field = spec.child_pointer("backoffLimit");
  const nlohmann::json fix = add_op(field, ctx.option("default"));
  if (raw_set) {
    out.report(field,
               "backoffLimit is 6, the value Kubernetes fills in when it is not set: a failing Job "
               "is retried 6 times before it is marked failed",
               "Choose the number of retries this workload can afford (the fix sets " +
                   ctx.option("default").dump() + ").",
               fix);
  } else {
    out.report(spec.pointer,
               "backoffLimit is not set: a failing Job is silently retried 6 times before it is "
               "marked failed",
               "Set backoffLimit to the number of retries this workload can afford (the fix sets " +
                   ctx.option("default").dump() + ").",
               fix);
  }
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
