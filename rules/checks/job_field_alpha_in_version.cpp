#include "rules/core/registry.hpp"
#include "rules/k8s/feature_versions.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;

const RuleInfo kInfo{
    .id = "job-field-alpha-in-version",
    .title = "Field is alpha (off by default) in the target Kubernetes version",
    .severity = Severity::warning,
    .kinds = {"Job", "CronJob"},
    .summary =
        "Reports Job and CronJob fields that are alpha in the target Kubernetes version "
        "(kubeVersion, default 1.37), i.e. behind a feature gate that is off by default: "
        "podFailurePolicy in 1.25, backoffLimitPerIndex/maxFailedIndexes/FailIndex and "
        "podReplacementPolicy in 1.28, successPolicy in 1.30, managedBy in 1.30-1.31, CronJob "
        "timeZone in 1.24, Indexed and suspend in 1.21, ttlSecondsAfterFinished in 1.12-1.20.",
    .rationale =
        "Unless the cluster enables the alpha feature gate, the API server drops the field "
        "and the Job runs without it. Alpha features may also change or disappear without "
        "notice and are not enabled on managed clusters.",
    .remediation =
        "Enable the feature gate on purpose, or target a version where the field is beta or GA.",
    .options = {},
    .fixable = false,
    .bad_example = "# kubeVersion: \"1.25\"\nspec:\n  podFailurePolicy:\n    rules: ...\n",
    .good_example = "# kubeVersion: \"1.26\"\nspec:\n  podFailurePolicy:\n    rules: ...\n",
    .reference = "§1.2, §1.3 (field maturity)",
    .webhook_note = std::string(k8s::kVersionRulesWebhookNote)};

void check(const CheckContext& ctx, Reporter& out) {
  for (const auto& found :
       k8s::uses_at_maturity(ctx.object(), ctx.kube_version(), k8s::Maturity::alpha))
    out.report(found.pointer, found.message);
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
