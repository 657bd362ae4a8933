#include "rules/core/kube_version.hpp"

#include <charconv>

namespace jobwarden::core {

std::optional<KubeVersion> parse_kube_version(std::string_view text) {
  if (!text.empty() && (text.front() == 'v' || text.front() == 'V')) text.remove_prefix(1);
  KubeVersion version;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  auto [after_major, ec1] = std::from_chars(begin, end, version.major);
  if (ec1 != std::errc() || after_major == end || *after_major != '.') return std::nullopt;
  auto [after_minor, ec2] = std::from_chars(after_major + 1, end, version.minor);
  if (ec2 != std::errc()) return std::nullopt;
  if (after_minor != end) {
    // Optional patch level.
    int patch = 0;
    if (*after_minor != '.') return std::nullopt;
    auto [after_patch, ec3] = std::from_chars(after_minor + 1, end, patch);
    if (ec3 != std::errc() || after_patch != end) return std::nullopt;
  }
  if (version.major != 1 || version.minor < 0 || version.minor > 99) return std::nullopt;
  return version;
}

std::string kube_version_note(KubeVersion target) {
  if (target <= kNewestReleasedKubeVersion) return {};
  if (target <= kNewestKnownKubeVersion) {
    return "Kubernetes " + target.display() +
           " is not released yet: jobwarden checks it as its development branch stood (fields "
           "and rejections of " +
           kNewestReleasedKubeVersion.display() + " plus the changes known so far)";
  }
  return "Kubernetes " + target.display() + " is newer than any version jobwarden knows (" +
         kNewestKnownKubeVersion.display() + "); fields and rejections are checked as in " +
         kNewestKnownKubeVersion.display();
}

}  // namespace jobwarden::core
