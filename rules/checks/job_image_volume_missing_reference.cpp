#include <string>

#include "rules/core/registry.hpp"
#include "rules/k8s/validation.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;
using nlohmann::json;

const RuleInfo kInfo{
    .id = "job-image-volume-missing-reference",
    .title = "Image volumes without a reference",
    .severity = Severity::error,
    .kinds = {"Job", "CronJob"},
    .summary =
        "Reports a pod-template volume of type image whose reference is missing or empty. From "
        "Kubernetes 1.37 the API server rejects the Job; before, it accepts the Job but rejects "
        "every pod the Job controller creates from it.",
    .rationale =
        "Pod validation requires image.reference (\"spec.volumes[0].image.reference: Required "
        "value\"). Pod templates used to be exempt, so such a Job was admitted and then never "
        "started a pod (the error only shows in the Job's events); Kubernetes 1.37 checks the "
        "template too.",
    .remediation = "Set image.reference to the OCI image or artifact to mount.",
    .options = {},
    .fixable = false,
    .bad_example = "volumes:\n- name: model\n  image:\n    pullPolicy: IfNotPresent\n",
    .good_example =
        "volumes:\n- name: model\n  image:\n    reference: registry.example.com/models/m:1.0\n"
        "    pullPolicy: IfNotPresent\n",
    .reference = "",
    .webhook_note =
        "Defaulting does not set image.reference, so the webhook gives the same verdict."};

// kubernetes/kubernetes#135989: validateImageVolumeSource no longer skips pod templates.
constexpr KubeVersion kTemplatesChecked{1, 37};

void check(const CheckContext& ctx, Reporter& out) {
  const k8s::Node pod = k8s::pod_spec(ctx.object());
  const json* volumes = k8s::member(pod, "volumes");
  if (volumes == nullptr || !volumes->is_array()) return;
  const KubeVersion target = ctx.kube_version();
  for (std::size_t i = 0; i < volumes->size(); ++i) {
    const k8s::Node image =
        k8s::Node{&(*volumes)[i], pod.pointer + "/volumes/" + std::to_string(i)}.child("image");
    if (!image || !image->is_object()) continue;
    const json* reference = k8s::member(image, "reference");
    if (reference != nullptr && !reference->is_null() &&
        (!reference->is_string() || !reference->get<std::string>().empty())) {
      continue;  // set (a wrong type is job-invalid-field-type's)
    }
    const std::string pointer = image.child_pointer("reference");
    if (target >= kTemplatesChecked) {
      out.report(image.pointer_of("reference"), k8s::rejects(pointer, k8s::required()));
    } else {
      out.report(image.pointer_of("reference"),
                 "the API server accepts this " + k8s::kind_name(ctx.object()) + " in Kubernetes " +
                     target.display() + " but rejects every pod created from it (spec.volumes[" +
                     std::to_string(i) +
                     "].image.reference: Required value), so no pod ever starts; from 1.37 it "
                     "rejects the " +
                     k8s::kind_name(ctx.object()) + " itself");
    }
  }
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
