#include <string>

#include "rules/vap/cel_rule.hpp"

namespace jobwarden::vap {
namespace {

// The reference grammar of github.com/distribution/reference, as k8s::image_reference_problem
// applies it: a registry host (with an optional port) and a lowercase repository path.
constexpr const char* kDomain =
    R"re((?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?)re";
constexpr const char* kPathComponent = R"re([a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*)re";

CelValidation build([[maybe_unused]] const CelContext& ctx) {
  const std::string path = std::string(kPathComponent) + "(?:/" + kPathComponent + ")*";
  // The repository name: the image without its :latest tag (bound once as `name`).
  const std::string name =
      "(C.image.endsWith(':latest') ? C.image.substring(0, size(C.image) - 7) : C.image)";
  // Docker's splitDockerDomain: the first component is a registry host when it has a '.' or a
  // ':', is localhost, or has upper case; otherwise the whole name is the repository path.
  const std::string head_is_domain =
      "name.matches(" + cel_string("^(?:[^/]*[.:A-Z][^/]*|localhost)/") + ")";
  // A name that parses has no other tag (':' appears only in the host), so an image that passes
  // is untagged or :latest. Digests pin it; placeholders, whitespace and references the kubelet
  // refuses do not parse (job-image-invalid-reference, job-image-whitespace report those).
  const std::string floating = "has(C.image) && C.image != '' && !C.image.contains('@') && [" +
                               name + "].map(name, size(name) <= 255 && (" + head_is_domain +
                               " ? name.matches(" +
                               cel_string("^" + std::string(kDomain) + "/" + path + "$") +
                               ") : name.matches(" + cel_string("^" + path + "$") + ")))[0]";
  const std::string message =
      "LABEL + ' image \"' + C.image + '\" ' + (C.image.endsWith(':latest') ? 'uses the :latest "
      "tag' : 'has no tag, so it means :latest') + ': ' + (!has(C.imagePullPolicy) || "
      "C.imagePullPolicy == 'Always' ? 'pods of the same Job can run different code and every "
      "pod start pulls (imagePullPolicy ' + (has(C.imagePullPolicy) ? 'Always)' : 'defaults to "
      "Always for this tag)') : 'pods of the same Job can run different code: with "
      "imagePullPolicy ' + C.imagePullPolicy + ' each node runs whatever image it cached under "
      "that name, however old')";
  return per_container(floating, message);
}

}  // namespace

JOBWARDEN_VAP_RULE("job-image-latest-tag",
                   "Fails a container or init container image with no tag or :latest and no "
                   "digest, among references that parse; the message follows imagePullPolicy.",
                   build);

}  // namespace jobwarden::vap
