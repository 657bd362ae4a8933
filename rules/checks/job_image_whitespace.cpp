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
    .id = "job-image-whitespace",
    .title = "Container image is blank or has whitespace",
    .severity = Severity::warning,
    .kinds = {"Job", "CronJob"},
    .summary =
        "Reports a container or init container whose image is whitespace only, or has "
        "leading, trailing or embedded whitespace.",
    .rationale =
        "The API server only checks that a pod template's image is not empty (by design, per "
        "the validation source), so `image: \" \"` or `image: \"busybox:1.36 \"` is admitted; "
        "every pod of the Job then fails with InvalidImageName and the Job never makes "
        "progress. Such values usually come from an unset template variable.",
    .remediation = "Set the image to a valid reference without whitespace.",
    .options = {},
    .fixable = false,
    .bad_example = "containers:\n- name: main\n  image: \" \"\n",
    .good_example = "containers:\n- name: main\n  image: busybox:1.36\n",
    .reference = "",
    .webhook_note =
        "Defaulting does not change the image, so the webhook gives the same verdict. An "
        "empty image is an API-server rejection reported by job-container-missing-image."};

void check(const CheckContext& ctx, Reporter& out) {
  for (const auto& [container, label] : k8s::named_containers(ctx.object())) {
    const std::string* image = k8s::string_member(container, "image");
    if (!image || image->empty()) continue;
    // "{{ .Values.image }}": job-image-invalid-reference reports it as a placeholder.
    if (!k8s::placeholder_kind(*image).empty()) continue;
    std::string problem;
    if (image->find_first_not_of(k8s::kWhitespace) == std::string::npos) {
      problem = "is only whitespace";
    } else if (k8s::kWhitespace.find(image->front()) != std::string_view::npos ||
               k8s::kWhitespace.find(image->back()) != std::string_view::npos) {
      problem = "has leading or trailing whitespace";
    } else if (core::has_any_of(*image, k8s::kWhitespace)) {
      problem = "contains whitespace";
    } else {
      continue;
    }
    out.report(container.child_pointer("image"),
               label + " image " + nlohmann::json(*image).dump() + " " + problem +
                   ": the API server accepts it, but every pod fails with InvalidImageName");
  }
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
