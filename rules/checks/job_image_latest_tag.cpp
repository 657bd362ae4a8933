#include <string>
#include <vector>

#include "rules/core/registry.hpp"
#include "rules/k8s/image.hpp"
#include "rules/k8s/text.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;

const RuleInfo kInfo{
    .id = "job-image-latest-tag",
    .title = "Container image uses :latest or no tag",
    .severity = Severity::warning,
    .kinds = {"Job", "CronJob"},
    .summary =
        "Reports a container or init container whose image has no tag or the tag `latest` "
        "and no digest. Images pinned by digest (`@sha256:...`) are accepted.",
    .rationale =
        "A Job's pods are created over time (retries, parallel pods, every CronJob run): with "
        "a moving tag two pods of the same Job can run different code, a retry can pick up a "
        "broken push, and a failure cannot be reproduced. With imagePullPolicy Always (the "
        "default for `latest` and untagged images) every pod start also pulls, adding a "
        "registry dependency to every retry; with IfNotPresent or Never each node runs "
        "whatever it cached under that name. Placeholders and references the kubelet cannot "
        "parse are left to job-image-invalid-reference.",
    .remediation = "Pin the image to a version tag, or better to a digest.",
    .options = {},
    .fixable = false,
    .bad_example = "containers:\n- name: main\n  image: busybox\n",
    .good_example = "containers:\n- name: main\n  image: busybox:1.36\n",
    .reference = "",
    .webhook_note =
        "Defaulting does not change the image (it derives imagePullPolicy from the tag: "
        "Always for these images), so the webhook gives the same verdict; its message names "
        "the defaulted policy."};

bool has_whitespace(const std::string& text) {
  return core::has_any_of(text, k8s::kWhitespace);
}

// "" when the image is pinned or tagged with something other than latest; otherwise why not.
std::string floating_reason(const std::string& image) {
  switch (k8s::image_tag(image)) {
    case k8s::ImageTag::none:
      return "has no tag, so it means :latest";
    case k8s::ImageTag::latest:
      return "uses the :latest tag";
    case k8s::ImageTag::digest:
    case k8s::ImageTag::other:
      break;
  }
  return {};
}

// What the moving tag does, by the pull policy the kubelet will use: Always (set, or the
// default for :latest and untagged images) pulls on every pod start; IfNotPresent and Never use
// whatever image a node has cached under that name.
std::string consequence(const k8s::Node& container) {
  const auto policy = k8s::get_string(container, "imagePullPolicy");
  if (!policy || *policy == "Always") {
    return std::string(
               "pods of the same Job can run different code and every pod start pulls "
               "(imagePullPolicy ") +
           (policy ? "Always)" : "defaults to Always for this tag)");
  }
  return "pods of the same Job can run different code: with imagePullPolicy " + *policy +
         " each node runs whatever image it cached under that name, however old";
}

void check(const CheckContext& ctx, Reporter& out) {
  for (const auto& [container, label] : k8s::named_containers(ctx.object())) {
    const std::string* image = k8s::string_member(container, "image");
    if (!image || image->empty()) continue;  // job-container-missing-image
    // Placeholders and references the kubelet refuses: job-image-invalid-reference.
    if (k8s::image_reference_problem(*image)) continue;
    if (has_whitespace(*image)) continue;  // job-image-whitespace
    const std::string reason = floating_reason(*image);
    if (reason.empty()) continue;
    out.report(container.child_pointer("image"), label + " image " + nlohmann::json(*image).dump() +
                                                     " " + reason + ": " + consequence(container));
  }
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
