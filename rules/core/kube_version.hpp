#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace jobwarden::core {

// Target Kubernetes minor version ("1.35"). Ordered, so rules can write `kube < KubeVersion{1,
// 29}`.
struct KubeVersion {
  int major = 1;
  int minor = 37;
  auto operator<=>(const KubeVersion&) const = default;
  std::string display() const { return std::to_string(major) + "." + std::to_string(minor); }
};

// The newest Kubernetes release, and the default target (documented in README and
// docs/rules.md).
inline constexpr KubeVersion kNewestReleasedKubeVersion{1, 37};
inline constexpr KubeVersion kDefaultKubeVersion = kNewestReleasedKubeVersion;
// The newest version jobwarden knows anything about (in development, not released).
inline constexpr KubeVersion kNewestKnownKubeVersion{1, 38};

// A note for targets past the newest release ("Kubernetes 1.38 is not released yet: ..."),
// empty for released versions.
std::string kube_version_note(KubeVersion target);

// Accepts "1.31", "v1.31", "1.31.2". nullopt otherwise.
std::optional<KubeVersion> parse_kube_version(std::string_view text);

}  // namespace jobwarden::core
