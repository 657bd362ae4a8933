#include <algorithm>
#include <string>
#include <vector>

#include "rules/core/registry.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;

const RuleInfo kInfo{
    .id = "job-missing-ttl",
    .title = "Set ttlSecondsAfterFinished",
    .severity = Severity::warning,
    .kinds = {"Job"},
    .summary =
        "Reports a Job without ttlSecondsAfterFinished, unless something else deletes it: a "
        "controlling CronJob (its history limits), or Helm or Argo CD when the Job is one of "
        "their hooks with a delete policy that removes it.",
    .rationale =
        "Finished Jobs and their pods are kept forever unless something deletes them; "
        "they pile up, clutter `kubectl get`, and keep load on the API server and etcd. "
        "With ttlSecondsAfterFinished the TTL controller deletes them after the delay. "
        "Jobs created by a CronJob are cleaned up by its history limits instead. Helm hooks "
        "(annotation `helm.sh/hook`) are deleted by Helm according to "
        "`helm.sh/hook-delete-policy`: `before-hook-creation` (Helm's default when the "
        "annotation is absent) deletes the previous Job before the next release runs the hook, "
        "`hook-succeeded` deletes it once it succeeds; either keeps at most one Job per hook, so "
        "the rule is silent. `hook-failed` alone deletes only failed Jobs and keeps every "
        "succeeded one, so the rule still reports it. Argo CD hooks (annotation "
        "`argocd.argoproj.io/hook`) work the same with `argocd.argoproj.io/hook-delete-policy` "
        "`BeforeHookCreation` (Argo CD's default), `HookSucceeded` and `HookFailed`. Database "
        "migrations and smoke tests are usually such hooks.",
    .remediation =
        "Set ttlSecondsAfterFinished to how long a finished Job should stay for "
        "inspection.",
    .options = {{"default", 86400, "ttlSecondsAfterFinished set by the fix."}},
    .fixable = true,
    .bad_example = "kind: Job\nspec:\n  template: ...\n",
    .good_example = "kind: Job\nspec:\n  ttlSecondsAfterFinished: 86400\n  template: ...\n",
    .reference = "",
    .webhook_note =
        "ttlSecondsAfterFinished has no default, so the webhook gives the same verdict; "
        "Jobs with a controlling CronJob ownerReference, and Helm or Argo CD hooks whose delete "
        "policy removes them (their annotations reach the webhook unchanged), are skipped."};

// The delete policies of a Helm or Argo CD hook annotation value: "a, b" -> {"a", "b"}.
std::vector<std::string> policies(const nlohmann::json& annotations, const char* key) {
  std::vector<std::string> out;
  auto it = annotations.find(key);
  if (it == annotations.end() || !it->is_string()) return out;
  const std::string text = it->get<std::string>();
  std::size_t begin = 0;
  while (begin <= text.size()) {
    std::size_t end = text.find(',', begin);
    if (end == std::string::npos) end = text.size();
    std::string item = text.substr(begin, end - begin);
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (!item.empty()) out.push_back(item);
    begin = end + 1;
  }
  return out;
}

bool contains(const std::vector<std::string>& items, std::string_view item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

// Empty when the deployment tool deletes the Job; otherwise the hook's policy, for the message.
struct HookCleanup {
  bool is_hook = false;
  bool deleted = false;
  std::string description;  // "Helm hook with helm.sh/hook-delete-policy \"hook-failed\""
};

HookCleanup hook_cleanup(const nlohmann::json& object) {
  HookCleanup out;
  auto metadata = object.find("metadata");
  if (metadata == object.end() || !metadata->is_object()) return out;
  auto annotations = metadata->find("annotations");
  if (annotations == metadata->end() || !annotations->is_object()) return out;
  struct Tool {
    const char* hook;
    const char* policy;
    const char* name;
    const char* replace;  // deletes the previous Job before the next run (the default)
    const char* succeeded;
  };
  static constexpr Tool kTools[] = {
      {"helm.sh/hook", "helm.sh/hook-delete-policy", "Helm", "before-hook-creation",
       "hook-succeeded"},
      {"argocd.argoproj.io/hook", "argocd.argoproj.io/hook-delete-policy", "Argo CD",
       "BeforeHookCreation", "HookSucceeded"},
  };
  for (const Tool& tool : kTools) {
    if (!annotations->contains(tool.hook)) continue;
    out.is_hook = true;
    std::vector<std::string> set = policies(*annotations, tool.policy);
    if (set.empty() || contains(set, tool.replace) || contains(set, tool.succeeded)) {
      out.deleted = true;
      return out;
    }
    out.description = std::string(tool.name) + " hook with " + tool.policy + " \"" +
                      annotations->at(tool.policy).get<std::string>() + "\"";
  }
  return out;
}

void check(const CheckContext& ctx, Reporter& out) {
  if (k8s::is_owned_by_cronjob(ctx.object())) return;
  const auto spec = k8s::job_spec(ctx.object());
  if (!spec || k8s::has(spec, "ttlSecondsAfterFinished")) return;
  const HookCleanup hook = hook_cleanup(ctx.object());
  if (hook.deleted) return;
  out.report(
      spec.pointer,
      hook.is_hook
          ? "ttlSecondsAfterFinished is not set and the " + hook.description +
                " does not delete a succeeded Job: every succeeded run and its pods stay"
          : std::string("ttlSecondsAfterFinished is not set: the finished Job and its pods are "
                        "never deleted and pile up"),
      "Set ttlSecondsAfterFinished to how long a finished Job should be kept (the fix sets " +
          ctx.option("default").dump() + ").",
      add_op(spec.child_pointer("ttlSecondsAfterFinished"), ctx.option("default")));
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
