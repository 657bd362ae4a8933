#include <string>

#include "rules/core/registry.hpp"
#include "rules/k8s/validation.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;

const RuleInfo kInfo{
    .id = "cronjob-deprecated-api-version",
    .title = "CronJob in batch/v1beta1 (removed in Kubernetes 1.25)",
    .severity = Severity::error,
    .kinds = {"CronJob"},
    .summary =
        "Reports a CronJob with apiVersion batch/v1beta1 (or batch/v2alpha1) when the "
        "target Kubernetes version is 1.25 or later.",
    .rationale =
        "batch/v1 CronJob is GA since 1.21; batch/v1beta1 stopped being served in 1.25 (and "
        "batch/v2alpha1 in 1.21), so the API server (kubectl) refuses the manifest: \"no "
        "matches for kind \\\"CronJob\\\" in version \\\"batch/v1beta1\\\"\". The batch/v1 "
        "schema accepts the same spec.",
    .remediation = "Change apiVersion to batch/v1.",
    .options = {},
    .fixable = true,
    .bad_example = "apiVersion: batch/v1beta1\nkind: CronJob\n",
    .good_example = "apiVersion: batch/v1\nkind: CronJob\n",
    .reference = "",
    .webhook_note =
        "An API server that no longer serves the version never sends such an object to the "
        "webhook; the rule matters for files (and respects --kube-version: below 1.25 the "
        "version is still served)."};

void check(const CheckContext& ctx, Reporter& out) {
  const auto& object = ctx.object();
  if (!object.is_object()) return;
  auto it = object.find("apiVersion");
  if (it == object.end() || !it->is_string()) return;
  const std::string version = it->get<std::string>();
  KubeVersion removed_in;
  if (version == "batch/v1beta1") {
    removed_in = KubeVersion{1, 25};
  } else if (version == "batch/v2alpha1") {
    removed_in = KubeVersion{1, 21};
  } else {
    return;
  }
  if (ctx.kube_version() < removed_in) return;
  out.report("/apiVersion",
             "CronJob " + version + " was removed in Kubernetes " + removed_in.display() +
                 " (target " + ctx.kube_version().display() +
                 "): the API server rejects this: no matches for kind \"CronJob\" in version " +
                 k8s::go_quote(version),
             "Change apiVersion to batch/v1.", replace_op("/apiVersion", "batch/v1"));
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
