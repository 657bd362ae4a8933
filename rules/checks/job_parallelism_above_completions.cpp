#include "rules/core/registry.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;

const RuleInfo kInfo{
    .id = "job-parallelism-above-completions",
    .title = "parallelism is greater than completions",
    .severity = Severity::warning,
    .kinds = {"Job", "CronJob"},
    .summary =
        "Reports a Job whose parallelism is greater than its completions (when completions is "
        "at least 1).",
    .rationale =
        "The Job controller never runs more pods than there are completions left, so "
        "parallelism above completions is never used; it usually means the two numbers "
        "were mixed up or one was changed without the other.",
    .remediation = "Set parallelism to at most completions.",
    .options = {},
    .fixable = true,
    .bad_example = "spec:\n  completions: 3\n  parallelism: 10\n",
    .good_example = "spec:\n  completions: 3\n  parallelism: 3\n",
    .reference = "",
    .webhook_note =
        "Neither field is defaulted when completions is set, so the webhook gives the "
        "same verdict."};

void check(const CheckContext& ctx, Reporter& out) {
  const auto spec = k8s::job_spec(ctx.object());
  const auto completions = k8s::get_int(spec, "completions");
  const auto parallelism = k8s::get_int(spec, "parallelism");
  if (!completions || !parallelism || *parallelism <= *completions) return;
  // Negative completions are rejected (job-negative-value); with 0 the Job has nothing to run
  // (and defaulting sets parallelism 1), so "lower parallelism to 0" would be no advice.
  if (*completions <= 0) return;
  const std::string field = spec.child_pointer("parallelism");
  out.report(field,
             "parallelism is " + std::to_string(*parallelism) + " but completions is " +
                 std::to_string(*completions) + ": at most " + std::to_string(*completions) +
                 " pods ever run at once, so the extra parallelism is never used",
             "Set parallelism to " + std::to_string(*completions) + " or less.",
             add_op(field, *completions));
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
