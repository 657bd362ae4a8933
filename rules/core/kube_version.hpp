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
  int minor = 35;
  auto operator<=>(const KubeVersion&) const = default;
  std::string display() const { return std::to_string(major) + "." + std::to_string(minor); }
};

// The default target: a recent stable release (documented in README and docs/rules.md).
inline constexpr KubeVersion kDefaultKubeVersion{1, 35};

// Accepts "1.31", "v1.31", "1.31.2". nullopt otherwise.
std::optional<KubeVersion> parse_kube_version(std::string_view text);

}  // namespace jobwarden::core
