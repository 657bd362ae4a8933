#include "rules/core/registry.hpp"
#include "rules/k8s/feature_versions.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;

const RuleInfo kInfo{
    .id = "job-field-unsupported-in-version",
    .title = "Field does not exist in the target Kubernetes version",
    .severity = Severity::error,
    .kinds = {"Job", "CronJob"},
    .summary =
        "Reports Job and CronJob fields (and values such as completionMode: Indexed) that the "
        "target Kubernetes version (kubeVersion, default 1.37) does not have at all: "
        "podFailurePolicy before 1.25, backoffLimitPerIndex/maxFailedIndexes and the FailIndex "
        "action before 1.28, podReplacementPolicy before 1.28, successPolicy and managedBy "
        "before 1.30, CronJob timeZone before 1.24, Indexed and suspend before 1.21, "
        "ttlSecondsAfterFinished before 1.12, CronJob batch/v1 before 1.21, and "
        "spec.scheduling before 1.37.",
    .rationale =
        "An API server that does not know a field drops it silently (or rejects the object "
        "with strict field validation): the Job is created without the failure policy, "
        "success policy or time zone it was written for, and behaves differently from what "
        "was reviewed. A CronJob in batch/v1 is not served at all before 1.21.",
    .remediation = "Remove the field, or target (and run) a Kubernetes version that has it.",
    .options = {},
    .fixable = false,
    .bad_example = "# kubeVersion: \"1.24\"\nspec:\n  podFailurePolicy:\n    rules: ...\n",
    .good_example = "# kubeVersion: \"1.31\"\nspec:\n  podFailurePolicy:\n    rules: ...\n",
    .reference = "§1.2, §1.3 (field maturity)",
    .webhook_note = std::string(k8s::kVersionRulesWebhookNote)};

void check(const CheckContext& ctx, Reporter& out) {
  for (const auto& found :
       k8s::uses_at_maturity(ctx.object(), ctx.kube_version(), k8s::Maturity::absent))
    out.report(found.pointer, found.message);
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
