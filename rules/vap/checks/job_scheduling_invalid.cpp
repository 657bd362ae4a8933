#include <string>

#include "rules/k8s/feature_versions.hpp"
#include "rules/vap/cel_rule.hpp"

namespace jobwarden::vap {
namespace {

constexpr const char* kScheduling = "variables.spec.scheduling";

// The engine checks spec.scheduling only where the target has the field: ask the feature table
// about a Job that sets it.
bool target_has_scheduling(core::KubeVersion target) {
  const nlohmann::json probe = {{"kind", "Job"},
                                {"spec", {{"scheduling", nlohmann::json::object()}}}};
  for (const auto& use : k8s::feature_uses(probe)) {
    if (use.pointer == "/spec/scheduling" &&
        k8s::maturity_at(*use.feature, target) != k8s::Maturity::absent) {
      return true;
    }
  }
  return false;
}

// "the API server rejects this: <specPath>.scheduling.<field>: " + body.
std::string rejects(const std::string& field, const std::string& body) {
  return "'the API server rejects this: ' + variables.specPath + " +
         cel_string(".scheduling." + field + ": ") + " + " + body;
}

// batch validation's "exactly one of a or b" over the object at `field` (under scheduling).
CelPart one_of(const std::string& field, const std::string& a, const std::string& b) {
  const std::string node = std::string(kScheduling) + "." + field;
  const std::string detail = "exactly one of " + a + " or " + b + " must be set";
  return {"has(" + node + ") && has(" + node + "." + a + ") == has(" + node + "." + b + ")",
          rejects(field, "(has(" + node + "." + a + ") ? " +
                             cel_string("Invalid value: {...}: " + detail) + " : " +
                             cel_string("Required value: " + detail) + ")")};
}

CelValidation build(const CelContext& ctx) {
  if (!target_has_scheduling(ctx.kube_version())) {
    return {"true", "''",
            "spec.scheduling is not a field in Kubernetes " + ctx.kube_version().display() +
                ", the target (job-field-unsupported-in-version reports it)"};
  }
  const std::string s = kScheduling;
  const std::string gang = s + ".schedulingPolicy.gang";
  const std::string min_count = gang + ".minCount";
  const std::string has_min_count =
      "has(" + s + ".schedulingPolicy) && has(" + gang + ") && has(" + min_count + ")";
  // The defaulter sets parallelism to 1 when it is unset (also for a CronJob's Jobs).
  const std::string parallelism =
      "(has(variables.spec.parallelism) ? variables.spec.parallelism : 1)";
  const std::string constraints = s + ".schedulingConstraints";
  const std::string topology = constraints + ".topology";
  const std::string claims = s + ".resourceClaims";
  std::vector<CelPart> parts = {
      one_of("schedulingPolicy", "basic", "gang"),
      {has_min_count + " && " + min_count + " < 1",
       rejects("schedulingPolicy.gang.minCount", "'Invalid value: ' + string(" + min_count +
                                                     ") + ': must be greater than or equal "
                                                     "to 1'")},
      {has_min_count + " && " + min_count + " >= 1 && " + min_count + " > " + parallelism,
       rejects("schedulingPolicy.gang.minCount",
               "'Invalid value: ' + string(" + min_count +
                   ") + ': must be less than or equal to spec.parallelism (' + string(" +
                   parallelism + ") + ')'")},
      one_of("disruptionMode", "single", "all"),
      {"has(" + constraints + ") && has(" + topology + ") && size(" + topology + ") > 1",
       rejects("schedulingConstraints.topology",
               "'Too many: ' + string(size(" + topology + ")) + ': must have at most 1 items'")},
      {"has(" + claims + ") && size(" + claims + ") > 4",
       rejects("resourceClaims",
               "'Too many: ' + string(size(" + claims + ")) + ': must have at most 4 items'")},
  };
  for (CelPart& part : parts) part.condition = "has(" + s + ") && " + part.condition;
  return any_of(parts);
}

}  // namespace

JOBWARDEN_VAP_RULE("job-scheduling-invalid",
                   "Fails spec.scheduling the API server rejects: one of basic or gang, 1 <= "
                   "gang.minCount <= parallelism, one of single or all, at most 1 topology and 4 "
                   "resourceClaims (for targets that have the field).",
                   build);

}  // namespace jobwarden::vap
