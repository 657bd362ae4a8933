#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "rules/core/kube_version.hpp"

// Which Kubernetes release has which Job/CronJob field (reference §1.2, §1.3), for the
// job-field-{unsupported,alpha,beta}-in-version rules.
namespace jobwarden::k8s {

// A field or value that arrived in a given release, usually behind a feature gate.
struct Feature {
  std::string_view name;  // as shown in messages: "podFailurePolicy", "completionMode: Indexed"
  std::string_view gate;  // feature gate; empty when the field came without one
  core::KubeVersion alpha;
  core::KubeVersion beta;  // kNotReleased when unknown
  core::KubeVersion ga;    // kNotReleased when unknown
};

// A version later than any release this table knows: "not (yet) at this stage".
inline constexpr core::KubeVersion kNotReleased{1, 1000};

enum class Maturity { absent, alpha, beta, ga };

Maturity maturity_at(const Feature& feature, core::KubeVersion version);

// One use of a version-dependent feature in an object.
struct FeatureUse {
  std::string pointer;  // where it is set (always present in the object)
  const Feature* feature = nullptr;
};

// Every version-dependent field or value the object (Job or CronJob, raw or defaulted) sets.
// Values that API-server defaulting fills in (completionMode NonIndexed, suspend false, the
// defaulted podReplacementPolicy) are not uses: a defaulted object and its file agree.
std::vector<FeatureUse> feature_uses(const nlohmann::json& object);

// "podFailurePolicy needs Kubernetes 1.26 (beta) or later; the target is 1.25, ..." — the
// message for a use at the given target.
std::string version_message(const Feature& feature, core::KubeVersion target);

}  // namespace jobwarden::k8s
