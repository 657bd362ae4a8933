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
        "target Kubernetes version (kubeVersion, default 1.35) does not have at all: "
        "podFailurePolicy before 1.25, backoffLimitPerIndex/maxFailedIndexes and the FailIndex "
        "action before 1.28, podReplacementPolicy before 1.28, successPolicy and managedBy "
        "before 1.30, CronJob timeZone before 1.24, Indexed and suspend before 1.21, "
        "ttlSecondsAfterFinished before 1.12, CronJob batch/v1 before 1.21, and "
        "spec.scheduling (in no release up to 1.36).",
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
    .webhook_note =
        "Fields the API server fills in by defaulting (completionMode NonIndexed, suspend "
        "false, the defaulted podReplacementPolicy) are not counted as uses, so a file and the "
        "admitted object get the same verdict. In the webhook the target should be the "
        "cluster's own version (kubeVersion in the config); note that an API server without "
        "the field drops it before admission, so the webhook only sees fields its cluster "
        "knows."};

void check(const CheckContext& ctx, Reporter& out) {
  for (const auto& use : k8s::feature_uses(ctx.object())) {
    if (k8s::maturity_at(*use.feature, ctx.kube_version()) != k8s::Maturity::absent) continue;
    out.report(use.pointer, k8s::version_message(*use.feature, ctx.kube_version()));
  }
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
