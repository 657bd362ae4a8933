#include <algorithm>

#include "rules/core/registry.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;

const RuleInfo kInfo{
    .id = "job-parallelism-unset",
    .title = "Multiple completions run one pod at a time",
    .severity = Severity::info,
    .kinds = {"Job", "CronJob"},
    .summary =
        "Reports a Job with completions greater than 1 whose parallelism is left at its "
        "default of 1.",
    .rationale =
        "parallelism defaults to 1, so a Job with completions: N runs its N pods strictly "
        "one after another. That is rarely what a Job with several completions is for; "
        "if sequential runs are intended, say so by setting it explicitly.",
    .remediation = "Set parallelism to how many pods may run at the same time.",
    .options = {{"value", 0, "parallelism set by the fix; 0 means min(completions, max)."},
                {"max", 10, "Upper bound of the parallelism the fix derives from completions."}},
    .fixable = true,
    .bad_example = "spec:\n  completions: 5\n  template: ...\n",
    .good_example = "spec:\n  completions: 5\n  parallelism: 5\n  template: ...\n",
    .reference = "",
    .webhook_note =
        "The API server defaults a missing parallelism to 1 before admission, so the "
        "rule also reports an explicit 1 (in files too, to give the same verdict)."};

void check(const CheckContext& ctx, Reporter& out) {
  const auto spec = k8s::job_spec(ctx.object());
  const auto completions = k8s::get_int(spec, "completions");
  if (!completions || *completions <= 1) return;
  const auto parallelism = k8s::get_int(spec, "parallelism");
  if (k8s::has(spec, "parallelism") && parallelism != 1) return;  // set (or wrongly typed)

  std::int64_t value = ctx.int_option("value");
  if (value <= 0) value = std::max<std::int64_t>(1, std::min(*completions, ctx.int_option("max")));
  const std::string field = spec.child_pointer("parallelism");
  const nlohmann::json fix = add_op(field, value);
  const std::string consequence =
      ": the " + std::to_string(*completions) + " completions run one pod at a time";
  if (ctx.written(spec.value, "parallelism")) {
    out.report(field, "parallelism is 1" + consequence,
               "If the pods may run side by side, raise parallelism (the fix sets " +
                   std::to_string(value) + ").",
               fix);
  } else {
    out.report(spec.pointer, "parallelism is not set" + consequence,
               "Set parallelism to how many pods may run at the same time (the fix sets " +
                   std::to_string(value) + ").",
               fix);
  }
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
