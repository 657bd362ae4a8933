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

// A use that is at one maturity stage in the target version, with its message: the whole
// check of the job-field-{unsupported,alpha,beta}-in-version rules, one stage each.
struct VersionFinding {
  std::string pointer;
  std::string message;
};
std::vector<VersionFinding> uses_at_maturity(const nlohmann::json& object, core::KubeVersion target,
                                             Maturity stage);

// What the three version rules see in the webhook (shared by their documentation).
inline constexpr std::string_view kVersionRulesWebhookNote =
    "Fields the API server fills in by defaulting (completionMode NonIndexed, suspend "
    "false, the defaulted podReplacementPolicy) are not counted as uses, so a file and the "
    "admitted object get the same verdict. In the webhook the target should be the "
    "cluster's own version (kubeVersion in the config); note that an API server without "
    "the field drops it before admission, so the webhook only sees fields its cluster "
    "knows.";

}  // namespace jobwarden::k8s
