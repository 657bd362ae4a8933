#include "rules/k8s/feature_versions.hpp"

#include <array>

#include "rules/core/json_lookup.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::k8s {

using core::KubeVersion;
using nlohmann::json;

namespace {

// Reference §1.2/§1.3 (feature-gate tables of the Kubernetes sources and docs).
constexpr Feature kPodFailurePolicy{
    "podFailurePolicy", "JobPodFailurePolicy", {1, 25}, {1, 26}, {1, 31}};
constexpr Feature kFailIndex{
    "podFailurePolicy action FailIndex", "JobBackoffLimitPerIndex", {1, 28}, {1, 29}, {1, 33}};
constexpr Feature kBackoffLimitPerIndex{
    "backoffLimitPerIndex", "JobBackoffLimitPerIndex", {1, 28}, {1, 29}, {1, 33}};
constexpr Feature kMaxFailedIndexes{
    "maxFailedIndexes", "JobBackoffLimitPerIndex", {1, 28}, {1, 29}, {1, 33}};
constexpr Feature kPodReplacementPolicy{
    "podReplacementPolicy", "JobPodReplacementPolicy", {1, 28}, {1, 29}, {1, 34}};
constexpr Feature kSuccessPolicy{"successPolicy", "JobSuccessPolicy", {1, 30}, {1, 31}, {1, 33}};
constexpr Feature kManagedBy{"managedBy", "JobManagedBy", {1, 30}, {1, 32}, {1, 35}};
constexpr Feature kTimeZone{"timeZone", "CronJobTimeZone", {1, 24}, {1, 25}, {1, 27}};
constexpr Feature kIndexed{"completionMode: Indexed", "IndexedJob", {1, 21}, {1, 22}, {1, 24}};
constexpr Feature kSuspend{"suspend", "SuspendJob", {1, 21}, {1, 22}, {1, 24}};
constexpr Feature kTtl{"ttlSecondsAfterFinished", "TTLAfterFinished", {1, 12}, {1, 21}, {1, 23}};
constexpr Feature kCronJobV1{"CronJob batch/v1", "", {1, 21}, {1, 21}, {1, 21}};
// Alpha in 1.37 (gate WorkloadWithJob, itself alpha since 1.36); no beta announced as of 1.38.
constexpr Feature kScheduling{"scheduling", "WorkloadWithJob", {1, 37}, kNotReleased, kNotReleased};

}  // namespace

Maturity maturity_at(const Feature& feature, KubeVersion version) {
  if (version >= feature.ga) return Maturity::ga;
  if (version >= feature.beta) return Maturity::beta;
  if (version >= feature.alpha) return Maturity::alpha;
  return Maturity::absent;
}

std::vector<FeatureUse> feature_uses(const json& object) {
  std::vector<FeatureUse> out;
  if (!object.is_object()) return out;
  if (is_cronjob(object)) {
    const auto api = object.find("apiVersion");
    if (api != object.end() && api->is_string() && *api == "batch/v1") {
      out.push_back({"/apiVersion", &kCronJobV1});
    }
    const Node spec = object_spec(object);
    if (has(spec, "timeZone")) out.push_back({spec.child_pointer("timeZone"), &kTimeZone});
  }
  // Five rules call this per object, and most objects use none of these features: plain
  // look-ups, no copies, and a pointer string only for a use found.
  const Node spec = job_spec(object);
  if (!spec) return out;
  auto add_if_set = [&](std::string_view key, const Feature& feature) {
    if (has(spec, key)) out.push_back({spec.child_pointer(key), &feature});
  };
  const auto is = [](const std::string* value, std::string_view expected) {
    return value != nullptr && *value == expected;
  };
  add_if_set("ttlSecondsAfterFinished", kTtl);
  if (is(string_member(spec, "completionMode"), "Indexed")) {
    out.push_back({spec.child_pointer("completionMode"), &kIndexed});
  }
  if (get_bool(spec, "suspend") == true) out.push_back({spec.child_pointer("suspend"), &kSuspend});
  const json* pod_failure_policy = member(spec, "podFailurePolicy");
  const bool has_pod_failure_policy =
      pod_failure_policy != nullptr && !pod_failure_policy->is_null();
  if (has_pod_failure_policy) {
    out.push_back({spec.child_pointer("podFailurePolicy"), &kPodFailurePolicy});
  }
  if (const json* rules = pod_failure_policy != nullptr && pod_failure_policy->is_object()
                              ? core::find_member(*pod_failure_policy, "rules")
                              : nullptr;
      rules != nullptr && rules->is_array()) {
    const std::string base = spec.child_pointer("podFailurePolicy") + "/rules";
    for (std::size_t i = 0; i < rules->size(); ++i) {
      const json& rule = (*rules)[i];
      const json* action = rule.is_object() ? core::find_member(rule, "action") : nullptr;
      if (action != nullptr && action->is_string() && *action == "FailIndex") {
        out.push_back({base + "/" + std::to_string(i) + "/action", &kFailIndex});
      }
    }
  }
  add_if_set("backoffLimitPerIndex", kBackoffLimitPerIndex);
  add_if_set("maxFailedIndexes", kMaxFailedIndexes);
  // The defaulter fills podReplacementPolicy in; only a different value is the user's choice.
  if (const std::string* policy = string_member(spec, "podReplacementPolicy")) {
    if (*policy != (has_pod_failure_policy ? "Failed" : "TerminatingOrFailed")) {
      out.push_back({spec.child_pointer("podReplacementPolicy"), &kPodReplacementPolicy});
    }
  }
  add_if_set("successPolicy", kSuccessPolicy);
  add_if_set("managedBy", kManagedBy);
  add_if_set("scheduling", kScheduling);
  return out;
}

std::string version_message(const Feature& feature, KubeVersion target) {
  const std::string name(feature.name);
  const std::string gate(feature.gate);
  const Maturity maturity = maturity_at(feature, target);
  if (maturity == Maturity::beta) {
    return name + " is beta in Kubernetes " + target.display() + ", the target (GA in " +
           feature.ga.display() + "): on by default, but it may still change";
  }
  if (maturity == Maturity::ga) return name + " is GA in Kubernetes " + target.display();
  if (feature.beta == kNotReleased) {
    // A field that is only alpha so far: before its release it is simply not a field.
    if (maturity == Maturity::alpha) {
      return name + " is alpha in Kubernetes " + target.display() + ", the target, behind the " +
             gate + " feature gate (off by default): unless the cluster enables it, the API " +
             "server drops the field";
    }
    return name + " is an unknown field in Kubernetes " + target.display() +
           ", the target (it is alpha from " + feature.alpha.display() + ", feature gate " + gate +
           "): kubectl rejects it (strict decoding error) and the API server drops it";
  }
  std::string needs;
  if (feature.beta == feature.alpha) {
    needs = name + " needs Kubernetes " + feature.beta.display() + " or later";
  } else {
    needs = name + " needs Kubernetes " + feature.beta.display() + " (beta) or later";
  }
  std::string out = needs + "; the target is " + target.display();
  if (maturity == Maturity::alpha) {
    out += ", where it is alpha behind the " + gate + " feature gate (off by default)";
  } else {
    out += ", which does not have it";
  }
  return out;
}

std::vector<VersionFinding> uses_at_maturity(const json& object, KubeVersion target,
                                             Maturity stage) {
  std::vector<VersionFinding> found;
  for (const auto& use : feature_uses(object)) {
    if (maturity_at(*use.feature, target) != stage) continue;
    found.push_back({use.pointer, version_message(*use.feature, target)});
  }
  return found;
}

}  // namespace jobwarden::k8s
