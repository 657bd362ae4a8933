#include <string>

#include "rules/core/registry.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;

const RuleInfo kInfo{
    .id = "cronjob-concurrency-policy-allow",
    .title = "concurrencyPolicy is Allow: runs can overlap",
    .severity = Severity::warning,
    .kinds = {"CronJob"},
    .summary =
        "Reports a CronJob whose concurrencyPolicy is not set or is Allow (the value "
        "Kubernetes fills in).",
    .rationale =
        "With Allow, a run that takes longer than the schedule's period (a slow database, a "
        "bigger input, a stuck pod) does not stop the next one: runs pile up side by side, "
        "process the same data twice, compete for locks and resources, and make the slowdown "
        "worse. Forbid skips a run while the previous one is still going; Replace stops the "
        "old run.",
    .remediation =
        "Set concurrencyPolicy: Forbid (or Replace when only the latest run matters); keep "
        "Allow only for runs that are independent and safe to overlap, and say so by "
        "suppressing this rule.",
    .options = {{"fix", false,
                 "Attach a fix that sets concurrencyPolicy: Forbid (opt-in: it changes "
                 "behaviour)."}},
    .fixable = true,
    .bad_example = "kind: CronJob\nspec:\n  schedule: \"*/5 * * * *\"\n  jobTemplate: ...\n",
    .good_example =
        "kind: CronJob\nspec:\n  schedule: \"*/5 * * * *\"\n  concurrencyPolicy: Forbid\n"
        "  jobTemplate: ...\n",
    .reference = "",
    .webhook_note =
        "The API server defaults concurrencyPolicy to Allow before admission, so the rule "
        "reports a missing value and an explicit Allow alike (in files too, to give the same "
        "verdict). With the `fix` option the webhook's patch replaces Allow with Forbid."};

void check(const CheckContext& ctx, Reporter& out) {
  const k8s::Node spec = k8s::object_spec(ctx.object());
  if (!ctx.written_object(spec.value)) return;
  if (k8s::has(spec, "concurrencyPolicy") &&
      k8s::get_string(spec, "concurrencyPolicy").value_or("") != "Allow") {
    return;  // Forbid, Replace, or an invalid value reported by another rule
  }
  const std::string field = spec.child_pointer("concurrencyPolicy");
  nlohmann::json fix = nullptr;
  if (ctx.bool_option("fix")) fix = add_op(field, "Forbid");
  const std::string consequence =
      ": a run that outlasts the schedule's period overlaps with the next one";
  if (ctx.written(spec.value, "concurrencyPolicy")) {
    out.report(field, "concurrencyPolicy is Allow" + consequence, {}, fix);
  } else {
    out.report(spec.pointer, "concurrencyPolicy is not set, so it is Allow" + consequence, {}, fix);
  }
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
