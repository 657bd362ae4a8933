#include "rules/core/registry.hpp"
#include "rules/k8s/feature_versions.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;

const RuleInfo kInfo{
    .id = "job-field-beta-in-version",
    .title = "Field is beta in the target Kubernetes version",
    .severity = Severity::info,
    .kinds = {"Job", "CronJob"},
    .summary =
        "Reports Job and CronJob fields that are beta in the target Kubernetes version "
        "(kubeVersion, default 1.37): on by default but not yet GA, e.g. podFailurePolicy in "
        "1.26-1.30, backoffLimitPerIndex in 1.29-1.32, podReplacementPolicy in 1.29-1.33, "
        "successPolicy in 1.31-1.32, managedBy in 1.32-1.34, CronJob timeZone in 1.25-1.26.",
    .rationale =
        "Beta fields are enabled by default but can still change in behaviour, and a cluster "
        "administrator may have switched their gate off; it is worth knowing which parts of "
        "a Job depend on them.",
    .remediation =
        "Nothing required; check that the cluster has the feature gate on, or target a version "
        "where the field is GA.",
    .options = {},
    .fixable = false,
    .bad_example = "# kubeVersion: \"1.29\"\nspec:\n  podFailurePolicy:\n    rules: ...\n",
    .good_example = "# kubeVersion: \"1.31\"\nspec:\n  podFailurePolicy:\n    rules: ...\n",
    .reference = "§1.2, §1.3 (field maturity)",
    .webhook_note = std::string(k8s::kVersionRulesWebhookNote)};

void check(const CheckContext& ctx, Reporter& out) {
  for (const auto& found :
       k8s::uses_at_maturity(ctx.object(), ctx.kube_version(), k8s::Maturity::beta))
    out.report(found.pointer, found.message);
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
