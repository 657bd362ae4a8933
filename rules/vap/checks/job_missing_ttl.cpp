#include <string>

#include "rules/vap/cel_rule.hpp"

namespace jobwarden::vap {
namespace {

constexpr const char* kAnnotations = "variables.metadata.annotations";

// The Job is a hook of a deployment tool (Helm, Argo CD): its hook annotation is set.
std::string is_hook(const std::string& hook) {
  return std::string("(has(") + kAnnotations + ") && " + cel_string(hook) + " in " + kAnnotations +
         ")";
}

// The tool deletes the hook's Job: the delete-policy annotation is absent or lists no policy
// (the tool's default then replaces the Job), or one of its comma-separated policies, trimmed of
// spaces and tabs, deletes the previous Job before the next run or a succeeded one.
std::string deletes_job(const std::string& hook, const std::string& policy,
                        const std::string& replace, const std::string& succeeded) {
  const std::string value = std::string(kAnnotations) + "[" + cel_string(policy) + "]";
  return "(" + is_hook(hook) + " && (!(" + cel_string(policy) + " in " + kAnnotations + ") || " +
         value + ".matches(" + cel_string("^[ \\t,]*$") + ") || " + value + ".matches(" +
         cel_string("(^|,)[ \\t]*(" + replace + "|" + succeeded + ")[ \\t]*(,|$)") + ")))";
}

std::string description(const std::string& tool, const std::string& policy) {
  return cel_string(tool + " hook with " + policy + " \"") + " + " + kAnnotations + "[" +
         cel_string(policy) + "] + '\"'";
}

CelValidation build([[maybe_unused]] const CelContext& ctx) {
  const std::string helm = "helm.sh/hook";
  const std::string helm_policy = "helm.sh/hook-delete-policy";
  const std::string argo = "argocd.argoproj.io/hook";
  const std::string argo_policy = "argocd.argoproj.io/hook-delete-policy";
  const std::string owned_by_cronjob =
      "(has(variables.metadata.ownerReferences) && variables.metadata.ownerReferences.exists(r, "
      "has(r.kind) && r.kind == 'CronJob' && has(r.controller) && r.controller))";
  return {"!variables.hasSpec || has(variables.spec.ttlSecondsAfterFinished) || " +
              owned_by_cronjob + " || " +
              deletes_job(helm, helm_policy, "before-hook-creation", "hook-succeeded") + " || " +
              deletes_job(argo, argo_policy, "BeforeHookCreation", "HookSucceeded"),
          // When both tools' hook annotations are set, the engine describes the last (Argo CD).
          "(" + is_hook(helm) + " || " + is_hook(argo) +
              ") ? 'ttlSecondsAfterFinished is not set and the ' + (" + is_hook(argo) + " ? " +
              description("Argo CD", argo_policy) + " : " + description("Helm", helm_policy) +
              ") + ' does not delete a succeeded Job: every succeeded run and its pods stay' : "
              "'ttlSecondsAfterFinished is not set: the finished Job and its pods are never "
              "deleted and pile up'"};
}

}  // namespace

JOBWARDEN_VAP_RULE("job-missing-ttl",
                   "Fails a Job without ttlSecondsAfterFinished, unless a controlling CronJob or a "
                   "Helm / Argo CD hook delete policy (before-hook-creation, hook-succeeded, or "
                   "none: the tool's default) deletes it.",
                   build);

}  // namespace jobwarden::vap
