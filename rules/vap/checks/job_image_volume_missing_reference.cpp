#include <string>

#include "rules/vap/cel_rule.hpp"

namespace jobwarden::vap {
namespace {

// kubernetes/kubernetes#135989, as the engine's rule: the API server checks pod templates from
// 1.37; before, only the pods the Job controller creates.
constexpr core::KubeVersion kTemplatesChecked{1, 37};

CelValidation build(const CelContext& ctx) {
  const core::KubeVersion target = ctx.kube_version();
  const std::string kind = "(variables.cronjob ? 'CronJob' : 'Job')";
  const std::string message =
      target >= kTemplatesChecked
          ? "'the API server rejects this: ' + variables.specPath + '.template.spec.volumes[' + "
            "string(INDEX) + '].image.reference: Required value'"
          : "'the API server accepts this ' + " + kind + " + " +
                cel_string(" in Kubernetes " + target.display() +
                           " but rejects every pod created from it (spec.volumes[") +
                " + string(INDEX) + " +
                cel_string(
                    "].image.reference: Required value), so no pod ever starts; from "
                    "1.37 it rejects the ") +
                " + " + kind + " + ' itself'";
  return per_entry("(has(variables.podSpec.volumes) ? variables.podSpec.volumes : [])",
                   "has(ITEM.image) && (!has(ITEM.image.reference) || ITEM.image.reference == '')",
                   message);
}

}  // namespace

JOBWARDEN_VAP_RULE("job-image-volume-missing-reference",
                   "Fails a pod-template image volume whose reference is missing or empty (the "
                   "target's verdict, the Job or its pods rejected, is baked into the message).",
                   build);

}  // namespace jobwarden::vap
