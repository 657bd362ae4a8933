#pragma once

#include <string_view>

// Container image references.
namespace jobwarden::k8s {

// What an image reference says about its version, looking only at the tag the way the
// imagePullPolicy defaulter does: a digest ("@sha256:..."), no tag (which means :latest),
// ":latest", or another tag.
enum class ImageTag { digest, none, latest, other };
ImageTag image_tag(std::string_view image);

}  // namespace jobwarden::k8s
