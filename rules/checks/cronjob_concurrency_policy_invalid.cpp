#include <string>

#include "rules/core/registry.hpp"
#include "rules/k8s/validation.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;

const RuleInfo kInfo{
    .id = "cronjob-concurrency-policy-invalid",
    .title = "concurrencyPolicy must be Allow, Forbid or Replace",
    .severity = Severity::error,
    .kinds = {"CronJob"},
    .summary = "Reports a CronJob concurrencyPolicy other than Allow, Forbid and Replace.",
    .rationale =
        "The API server rejects any other value (case matters): \"spec.concurrencyPolicy: "
        "Unsupported value: \\\"forbid\\\": supported values: \\\"Allow\\\", \\\"Forbid\\\", "
        "\\\"Replace\\\"\".",
    .remediation = "Use Forbid (skip a run while the previous one is active), Replace, or Allow.",
    .options = {},
    .fixable = false,
    .bad_example = "spec:\n  concurrencyPolicy: forbid\n",
    .good_example = "spec:\n  concurrencyPolicy: Forbid\n",
    .reference = "§2 #38",
    .webhook_note =
        "A missing or empty concurrencyPolicy is defaulted to Allow before validation, so "
        "only other explicit values are reported: same verdict."};

void check(const CheckContext& ctx, Reporter& out) {
  const k8s::Node spec = k8s::object_spec(ctx.object());
  const auto policy = k8s::get_string(spec, "concurrencyPolicy");
  if (!policy || policy->empty()) return;  // "" is defaulted to Allow
  if (*policy == "Allow" || *policy == "Forbid" || *policy == "Replace") return;
  const std::string pointer = spec.child_pointer("concurrencyPolicy");
  out.report(pointer, k8s::rejects(pointer, k8s::unsupported(k8s::go_quote(*policy),
                                                             {"Allow", "Forbid", "Replace"})));
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
