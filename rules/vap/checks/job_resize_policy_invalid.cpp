#include <string>

#include "rules/vap/cel_rule.hpp"

namespace jobwarden::vap {
namespace {

// The engine's versions (rules/checks/job_resize_policy_invalid.cpp): the API server validates
// resizePolicy from 1.33 (before, the gate is off and it drops the field), and refuses
// RestartContainer on non-sidecar init containers from 1.36.
constexpr core::KubeVersion kResizeOnByDefault{1, 33};
constexpr core::KubeVersion kInitRestartRefused{1, 36};

// A refused entry r of a container's resizePolicy.
const std::string kRefused = "has(r.restartPolicy) && r.restartPolicy == 'RestartContainer'";
constexpr const char* kPodNever =
    "(has(variables.podSpec.restartPolicy) && variables.podSpec.restartPolicy == 'Never')";

// One message per refused entry, as the engine reports them; the text names the list, not the
// entry, so it is built once per container and repeated for each refused entry.
CelValidation refused_in(const std::string& list, const std::string& field, bool init,
                         core::KubeVersion target) {
  const std::string never = cel_string("must be 'NotRequired' when `restartPolicy` is 'Never'");
  std::string applies = kPodNever;
  std::string detail = never;
  if (init && target >= kInitRestartRefused) {
    applies = "(" + applies + " || !(has(ITEM.restartPolicy) && ITEM.restartPolicy == 'Always'))";
    // Under Never the entry is refused for that reason first, as in the engine.
    detail = "(" + std::string(kPodNever) + " ? " + never + " : " +
             cel_string(
                 "must be 'NotRequired' for init containers without "
                 "restartPolicy=Always (from Kubernetes 1.36)") +
             ")";
  }
  const std::string condition =
      "has(ITEM.resizePolicy) && ITEM.resizePolicy.exists(r, " + kRefused + ") && " + applies;
  const std::string message = "'the API server rejects this: ' + variables.specPath + " +
                              cel_string(".template.spec." + field + "[") + " + string(INDEX) + " +
                              cel_string("].resizePolicy: Invalid value: \"RestartContainer\": ") +
                              " + " + detail;
  // [message].map(m, ...) binds the text once instead of building it per entry (CEL cost).
  return per_entry(list, condition,
                   "[" + message + "].map(m, ITEM.resizePolicy.filter(r, " + kRefused +
                       ").map(r, m))[0].join('; ')");
}

CelValidation build(const CelContext& ctx) {
  const core::KubeVersion target = ctx.kube_version();
  if (target < kResizeOnByDefault) {
    return {"true", "''",
            "the API server of Kubernetes " + target.display() +
                ", the target, drops resizePolicy (InPlacePodVerticalScaling is off by default "
                "before 1.33), so the rule reports nothing"};
  }
  const CelValidation init = refused_in("variables.initContainers", "initContainers", true, target);
  const CelValidation regular = refused_in("variables.containers", "containers", false, target);
  return {init.expression + " && " + regular.expression, "[" + init.message_expression + ", " +
                                                             regular.message_expression +
                                                             "].filter(s, s != '').join('; ')"};
}

}  // namespace

JOBWARDEN_VAP_RULE("job-resize-policy-invalid",
                   "Fails a resizePolicy entry with restartPolicy RestartContainer in a pod "
                   "template with restartPolicy Never, or (targets 1.36 and later) in an init "
                   "container that is not a sidecar; left out for targets before 1.33.",
                   build);

}  // namespace jobwarden::vap
