#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "rules/core/json_lookup.hpp"
#include "rules/core/json_pointer.hpp"
#include "rules/core/registry.hpp"
#include "rules/k8s/image.hpp"
#include "rules/k8s/validation.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;
using nlohmann::json;

const RuleInfo kInfo{
    .id = "job-metadata-invalid",
    .title = "Namespace, labels or nodeSelector the API server rejects",
    .severity = Severity::error,
    .kinds = {"Job", "CronJob"},
    .summary =
        "Reports a metadata.namespace that is not a DNS-1123 label, and label keys or values "
        "(the object's labels, a CronJob's jobTemplate labels, the pod template's labels) and "
        "nodeSelector entries that are not valid Kubernetes label keys and values. Unresolved "
        "placeholders such as ${K8S_NAMESPACE} or <CHANGE ME> are named as such.",
    .rationale =
        "The API server validates namespaces as DNS-1123 labels and label keys and values (and "
        "nodeSelector, which must match node labels) with the label syntax, and rejects the "
        "whole object otherwise. These values usually come from a template variable that was "
        "never substituted.",
    .remediation =
        "Substitute the placeholder, or use a lowercase namespace of letters, digits and '-', "
        "and label values of at most 63 letters, digits, '-', '_' and '.' that begin and end "
        "with a letter or digit.",
    .options = {},
    .fixable = false,
    .bad_example = "metadata:\n  namespace: ${K8S_NAMESPACE}\n  labels:\n    team: <CHANGE ME>\n",
    .good_example = "metadata:\n  namespace: batch\n  labels:\n    team: data\n",
    .reference = "",
    .webhook_note =
        "Defaulting does not touch these fields, so the webhook gives the same verdict (the "
        "namespace of an admitted object is the request's, which the API server has already "
        "checked)."};

void report_errors(const std::string& pointer, const std::string& text,
                   const std::vector<std::string>& errors, Reporter& out) {
  if (errors.empty()) return;
  // One finding per value: the first detail is enough to see the problem.
  out.report(pointer, k8s::rejects(pointer, k8s::invalid(k8s::go_quote(text), errors.front())) +
                          k8s::placeholder_note(text));
}

// Keys must be qualified names, values label values (ValidateLabels). `parent`'s member at `path`
// is found with plain look-ups, and its pointer is built only for a label with an error: this
// runs on four maps of every object, nearly always clean.
void check_labels(const k8s::Node& parent, std::initializer_list<std::string_view> path,
                  Reporter& out) {
  const json* labels = parent.value;
  for (const std::string_view key : path) {
    if (labels == nullptr) return;
    labels = core::find_member(*labels, key);  // nullptr unless an object with that member
  }
  if (labels == nullptr || !labels->is_object()) return;
  for (const auto& [key, value] : labels->get_ref<const json::object_t&>()) {
    const auto key_errors = k8s::qualified_name_errors(key);
    const std::string* text = value.is_string() ? &value.get_ref<const std::string&>() : nullptr;
    const auto value_errors =
        text != nullptr ? k8s::label_value_errors(*text) : std::vector<std::string>();
    if (key_errors.empty() && value_errors.empty()) continue;
    std::string pointer = parent.pointer;
    for (const std::string_view step : path) pointer = join_pointer(pointer, step);
    pointer = join_pointer(pointer, key);
    report_errors(pointer, key, key_errors, out);
    if (text != nullptr) report_errors(pointer, *text, value_errors, out);
  }
}

void check(const CheckContext& ctx, Reporter& out) {
  const json& object = ctx.object();
  const k8s::Node metadata = k8s::root(object).child("metadata");
  if (const json* ns = k8s::member(metadata, "namespace"); ns != nullptr && ns->is_string()) {
    const auto& text = ns->get_ref<const std::string&>();
    if (!text.empty()) {
      if (const auto errors = k8s::dns1123_label_errors(text); !errors.empty()) {
        report_errors(metadata.child_pointer("namespace"), text, errors, out);
      }
    }
  }
  check_labels(metadata, {"labels"}, out);
  if (k8s::is_cronjob(object)) check_labels(k8s::job_metadata(object), {"labels"}, out);
  const k8s::Node pod_template = k8s::pod_template(object);
  check_labels(pod_template, {"metadata", "labels"}, out);
  check_labels(pod_template, {"spec", "nodeSelector"}, out);
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
