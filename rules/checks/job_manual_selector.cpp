#include "rules/core/registry.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;

const RuleInfo kInfo{
    .id = "job-manual-selector",
    .title = "manualSelector: true",
    .severity = Severity::warning,
    .kinds = {"Job"},
    .summary = "Reports a Job with manualSelector: true.",
    .rationale =
        "With manualSelector the API server stops generating a unique selector "
        "(batch.kubernetes.io/controller-uid) and trusts yours. If the selector also matches "
        "pods of another Job (a re-created Job with the same labels, a copy in the same "
        "namespace), the Job controller counts and deletes those pods as its own. The "
        "Kubernetes docs reserve it for moving pods between Jobs.",
    .remediation = "Remove manualSelector and spec.selector and let the API server generate them.",
    .options = {},
    .fixable = false,
    .bad_example =
        "spec:\n  manualSelector: true\n  selector:\n    matchLabels: {app: report}\n"
        "  template: ...\n",
    .good_example = "spec:\n  template: ...\n",
    .reference = "",
    .webhook_note =
        "The API server defaults manualSelector to false; only an explicit true reaches the "
        "webhook as true, so the verdict is the same. (A CronJob's jobTemplate may not set "
        "it at all: that is an API-server rejection, reported by another rule.)"};

void check(const CheckContext& ctx, Reporter& out) {
  const auto spec = k8s::job_spec(ctx.object());
  if (k8s::get_bool(spec, "manualSelector") != true) return;
  out.report(spec.child_pointer("manualSelector"),
             "manualSelector is true: the selector is not generated, and pods of other Jobs "
             "that match it are counted and deleted as this Job's own");
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
