#include <cstdint>
#include <string>

#include "rules/core/registry.hpp"
#include "rules/k8s/feature_versions.hpp"
#include "rules/k8s/validation.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;
using nlohmann::json;

const RuleInfo kInfo{
    .id = "job-scheduling-invalid",
    .title = "spec.scheduling (workload-aware scheduling) the API server rejects",
    .severity = Severity::error,
    .kinds = {"Job", "CronJob"},
    .summary =
        "Checks a Job's spec.scheduling (Kubernetes 1.37, alpha, feature gate "
        "WorkloadWithJob) the way the API server validates it: schedulingPolicy must set "
        "exactly one of basic and gang; gang.minCount must be at least 1 and at most the Job's "
        "parallelism; disruptionMode must set exactly one of single and all; at most one "
        "topology constraint and at most 4 resourceClaims.",
    .rationale =
        "The API server rejects the whole Job when spec.scheduling breaks these rules (when "
        "the gate is on). A gang larger than parallelism could never be admitted by the "
        "scheduler: the Job never runs more pods at once than parallelism.",
    .remediation =
        "Choose one scheduling policy (basic, or gang with 1 <= minCount <= parallelism) and "
        "at most one disruption mode, topology constraint set and 4 resource claims.",
    .options = {},
    .fixable = false,
    .bad_example =
        "spec:\n  parallelism: 2\n  scheduling:\n    schedulingPolicy:\n      gang:\n"
        "        minCount: 4\n",
    .good_example =
        "spec:\n  parallelism: 4\n  scheduling:\n    schedulingPolicy:\n      gang:\n"
        "        minCount: 4\n",
    .reference = "",
    .webhook_note =
        "Only for targets that have the field (1.37 and later; before that "
        "job-field-unsupported-in-version reports it). parallelism defaults to 1 for a Job "
        "(and for the Jobs a CronJob creates), so the file and the defaulted object get the "
        "same verdict. Where the WorkloadWithJob gate is off the API server drops the field "
        "before the webhook sees it."};

// "exactly one of a and b" over an object node.
void check_one_of(const k8s::Node& node, const char* a, const char* b, Reporter& out) {
  if (!node) return;
  const bool has_a = k8s::has(node, a);
  const bool has_b = k8s::has(node, b);
  if (has_a != has_b) return;
  const std::string detail = std::string("exactly one of ") + a + " or " + b + " must be set";
  if (has_a) {
    out.report(node.pointer, k8s::rejects(node.pointer, k8s::invalid("{...}", detail)));
  } else {
    out.report(node.pointer, k8s::rejects(node.pointer, k8s::required(detail)));
  }
}

void check(const CheckContext& ctx, Reporter& out) {
  const json& object = ctx.object();
  const k8s::Node spec = k8s::job_spec(object);
  const k8s::Node scheduling = spec.child("scheduling");
  if (!scheduling) return;
  // Before 1.37 the field does not exist (job-field-unsupported-in-version).
  bool known = false;
  for (const auto& use : k8s::feature_uses(object)) {
    if (use.pointer == scheduling.pointer &&
        k8s::maturity_at(*use.feature, ctx.kube_version()) != k8s::Maturity::absent) {
      known = true;
    }
  }
  if (!known) return;

  const k8s::Node policy = scheduling.child("schedulingPolicy");
  check_one_of(policy, "basic", "gang", out);
  const k8s::Node gang = policy.child("gang");
  if (const auto min_count = k8s::get_integer(gang, "minCount")) {
    const std::string pointer = gang.child_pointer("minCount");
    // The defaulter sets parallelism to 1 when it is unset (also for a CronJob's Jobs).
    const std::int64_t parallelism = k8s::get_integer(spec, "parallelism").value_or(1);
    if (*min_count < 1) {
      out.report(pointer, k8s::rejects(pointer, k8s::invalid(std::to_string(*min_count),
                                                             "must be greater than or equal "
                                                             "to 1")));
    } else if (*min_count > parallelism) {
      out.report(pointer,
                 k8s::rejects(pointer, k8s::invalid(std::to_string(*min_count),
                                                    "must be less than or equal to "
                                                    "spec.parallelism (" +
                                                        std::to_string(parallelism) + ")")));
    }
  }
  check_one_of(scheduling.child("disruptionMode"), "single", "all", out);
  const json* topology = k8s::member(scheduling.child("schedulingConstraints"), "topology");
  if (topology != nullptr && topology->is_array() && topology->size() > 1) {
    const std::string pointer = scheduling.pointer + "/schedulingConstraints/topology";
    out.report(pointer, k8s::rejects(pointer, k8s::too_many(topology->size(), 1)));
  }
  const json* claims = k8s::member(scheduling, "resourceClaims");
  if (claims != nullptr && claims->is_array() && claims->size() > 4) {
    const std::string pointer = scheduling.child_pointer("resourceClaims");
    out.report(pointer, k8s::rejects(pointer, k8s::too_many(claims->size(), 4)));
  }
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
