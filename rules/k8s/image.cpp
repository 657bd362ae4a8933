#include "rules/k8s/image.hpp"

#include "rules/k8s/image_grammar.hpp"
#include "rules/k8s/text.hpp"

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

std::string placeholder_kind(std::string_view text) {
  if (text.rfind("ko://", 0) == 0) return "ko://";
  if (text.find("${") != std::string_view::npos) return "${...}";
  if (text.find("{{") != std::string_view::npos) return "{{ ... }}";
  const auto open = text.find('<');
  if (open != std::string_view::npos && text.find('>', open) != std::string_view::npos) {
    return "<...>";
  }
  return {};
}

std::string placeholder_note(std::string_view text) {
  const std::string kind = placeholder_kind(text);
  return kind.empty() ? std::string() : " (it looks like an unresolved " + kind + " placeholder)";
}

namespace {

bool has_upper(std::string_view text) {
  for (char c : text) {
    if (c >= 'A' && c <= 'Z') return true;
  }
  return false;
}

std::optional<ImageProblem> problem(std::string detail) {
  return ImageProblem{false, std::move(detail)};
}

}  // namespace

std::optional<ImageProblem> image_reference_problem(std::string_view image) {
  if (image.empty()) return std::nullopt;
  // Placeholders first: "{{ .Values.image }}" has spaces, but is reported once, as what it is.
  if (const std::string kind = placeholder_kind(image); !kind.empty()) {
    return ImageProblem{true, "is an unresolved placeholder (" + kind + ")"};
  }
  if (core::has_any_of(image, kWhitespace)) return std::nullopt;
  std::string_view name = image;
  std::string_view digest;
  bool has_digest = false;
  if (const auto at = name.find('@'); at != std::string_view::npos) {
    digest = name.substr(at + 1);
    name = name.substr(0, at);
    has_digest = true;
  }
  std::string_view tag;
  bool has_tag = false;
  const auto slash = name.rfind('/');
  const auto colon = name.rfind(':');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    tag = name.substr(colon + 1);
    name = name.substr(0, colon);
    has_tag = true;
  }
  if (name.empty()) return problem("has no repository name");
  // A first component is a registry host when it has a '.' or ':', is localhost, or has upper
  // case (Docker's splitDockerDomain); otherwise the whole name is the repository path.
  std::string_view domain;
  std::string_view path = name;
  if (const auto first = name.find('/'); first != std::string_view::npos) {
    const std::string_view head = name.substr(0, first);
    if (core::has_any_of(head, ".:") || head == "localhost" || has_upper(head)) {
      domain = head;
      path = name.substr(first + 1);
    }
  }
  if (!domain.empty() && !grammar::is_domain(domain)) {
    return problem("has an invalid registry host \"" + std::string(domain) + "\"");
  }
  if (path.empty()) return problem("has no repository name");
  for (const auto component : split(path, '/')) {
    if (grammar::is_path_component(component)) continue;
    if (has_upper(component)) {
      return problem("has upper case in its repository path \"" + std::string(path) +
                     "\" (repository names must be lowercase)");
    }
    return problem("has an invalid repository path \"" + std::string(path) +
                   "\" (lowercase letters, digits and single '.', '_', '__' or '-' "
                   "separators between '/'-separated components)");
  }
  if (name.size() > 255) return problem("has a repository name longer than 255 characters");
  if (has_tag) {
    if (tag.empty()) return problem("has an empty tag (nothing after ':')");
    if (!grammar::is_tag(tag)) {
      return problem("has an invalid tag \"" + std::string(tag) +
                     "\" (letters, digits, '_', '.' and '-', not starting with '.' or '-', at "
                     "most 128 characters)");
    }
  }
  if (has_digest && !grammar::is_digest(digest)) {
    return problem("has an invalid digest \"" + std::string(digest) + "\"");
  }
  return std::nullopt;
}

}  // namespace jobwarden::k8s
