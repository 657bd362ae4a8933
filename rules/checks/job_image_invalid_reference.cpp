#include <string>

#include "rules/core/registry.hpp"
#include "rules/k8s/image.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;

const RuleInfo kInfo{
    .id = "job-image-invalid-reference",
    .title = "Container image is not a valid image reference",
    .severity = Severity::error,
    .kinds = {"Job", "CronJob"},
    .summary =
        "Reports a container or init container whose image the kubelet cannot parse: upper "
        "case in the repository path (ghcr.io/RedHatQE/tool), an empty or invalid tag "
        "(busybox:), an invalid digest or registry host, and unresolved placeholders "
        "(${IMAGE}, {{ .Values.image }}, <image-name>, ko://...), which are reported once as "
        "such.",
    .rationale =
        "The API server only checks that an image is not empty, so the Job is admitted; but the "
        "kubelet parses the reference with the distribution reference grammar and refuses it "
        "(InvalidImageName), so no pod of the Job ever starts and the Job only ends through "
        "activeDeadlineSeconds, if set. Placeholders usually mean the manifest was applied "
        "without rendering (Helm, envsubst, ko resolve).",
    .remediation =
        "Write a valid reference ([registry/]lowercase/path[:tag][@sha256:digest]), or render "
        "the manifest before applying it.",
    .options = {},
    .fixable = false,
    .bad_example = "containers:\n- name: main\n  image: ghcr.io/RedHatQE/tool:1.0\n",
    .good_example = "containers:\n- name: main\n  image: ghcr.io/redhatqe/tool:1.0\n",
    .reference = "",
    .webhook_note =
        "Defaulting does not change the image, so the webhook gives the same verdict. Images "
        "that are empty or contain whitespace are left to job-container-missing-image and "
        "job-image-whitespace."};

void check(const CheckContext& ctx, Reporter& out) {
  for (const auto& [container, label] : k8s::named_containers(ctx.object())) {
    const std::string* image = k8s::string_member(container, "image");
    if (!image) continue;
    const auto problem = k8s::image_reference_problem(*image);
    if (!problem) continue;
    const std::string quoted = nlohmann::json(*image).dump();
    if (problem->placeholder) {
      out.report(container.child_pointer("image"),
                 label + " image " + quoted + " " + problem->detail +
                     ": the kubelet refuses it (InvalidImageName), so no pod of the Job starts",
                 "Render or build the manifest (helm template, envsubst, ko resolve) before "
                 "linting or applying it.");
      continue;
    }
    out.report(container.child_pointer("image"),
               label + " image " + quoted + " " + problem->detail +
                   ": the kubelet refuses it (InvalidImageName), so no pod of the Job starts");
  }
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
