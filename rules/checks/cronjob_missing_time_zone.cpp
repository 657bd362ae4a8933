#include "rules/core/registry.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;

const RuleInfo kInfo{
    .id = "cronjob-missing-time-zone",
    .title = "No timeZone: the schedule runs in the controller's time zone",
    .severity = Severity::info,
    .kinds = {"CronJob"},
    .summary =
        "Reports a CronJob without spec.timeZone when the target Kubernetes version has the "
        "field on by default (1.25 and later).",
    .rationale =
        "Without timeZone the schedule is interpreted in the local time zone of the "
        "kube-controller-manager process: UTC on most managed clusters, something else on "
        "others, and it can change when the control plane is moved or upgraded. \"0 2 * * *\" "
        "then means a different hour on different clusters, and daylight-saving transitions "
        "apply or not depending on the host.",
    .remediation =
        "Set spec.timeZone to an IANA name (\"Etc/UTC\", \"Europe/Berlin\") to make the "
        "schedule mean the same everywhere.",
    .options = {},
    .fixable = false,
    .bad_example = "kind: CronJob\nspec:\n  schedule: \"0 2 * * *\"\n  jobTemplate: ...\n",
    .good_example =
        "kind: CronJob\nspec:\n  schedule: \"0 2 * * *\"\n  timeZone: Etc/UTC\n"
        "  jobTemplate: ...\n",
    .reference = "",
    .webhook_note =
        "timeZone has no default, so the webhook sees exactly what the file says and gives "
        "the same verdict."};

void check(const CheckContext& ctx, Reporter& out) {
  if (ctx.kube_version() < KubeVersion{1, 25}) return;  // alpha (off) or absent before 1.25
  const k8s::Node spec = k8s::object_spec(ctx.object());
  if (!ctx.written_object(spec.value)) return;
  if (k8s::has(spec, "timeZone")) return;
  out.report(spec.pointer,
             "timeZone is not set: the schedule runs in the kube-controller-manager's local "
             "time zone, which differs between clusters");
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
