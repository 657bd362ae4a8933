#include "rules/k8s/image.hpp"

namespace jobwarden::k8s {

ImageTag image_tag(std::string_view image) {
  if (image.find('@') != std::string_view::npos) return ImageTag::digest;
  const auto slash = image.rfind('/');
  const auto colon = image.rfind(':');
  if (colon == std::string_view::npos || (slash != std::string_view::npos && colon < slash)) {
    return ImageTag::none;
  }
  return image.substr(colon + 1) == "latest" ? ImageTag::latest : ImageTag::other;
}

}  // namespace jobwarden::k8s
