#pragma once

#include <optional>
#include <string>
#include <string_view>

// Container image references.
namespace jobwarden::k8s {

// What an image reference says about its version, looking only at the tag the way the
// imagePullPolicy defaulter does: a digest ("@sha256:..."), no tag (which means :latest),
// ":latest", or another tag.
enum class ImageTag { digest, none, latest, other };
ImageTag image_tag(std::string_view image);

// Why the kubelet cannot use an image reference (it reports InvalidImageName), following the
// reference grammar of the distribution spec (github.com/distribution/reference, which the
// kubelet's ParseNormalizedNamed implements).
struct ImageProblem {
  bool placeholder = false;  // an unresolved template or build placeholder
  std::string detail;        // "is an unresolved placeholder (${...})", "has an empty tag", ...
};
// nullopt when the reference is valid. Empty strings, and strings with whitespace that are not
// placeholders, are left to other rules: nullopt.
std::optional<ImageProblem> image_reference_problem(std::string_view image);

// The unresolved placeholder an image, label value or name contains, as shown in messages
// ("${...}", "{{ ... }}", "<...>", "ko://"); empty when it has none.
std::string placeholder_kind(std::string_view text);
// " (it looks like an unresolved ${...} placeholder)" when the text has one, else "": appended
// to an API-server message about a name or label value, so the reader sees the cause.
std::string placeholder_note(std::string_view text);

}  // namespace jobwarden::k8s
