#include <string>
#include <vector>

#include "rules/core/json_pointer.hpp"
#include "rules/core/registry.hpp"
#include "rules/k8s/label_selector.hpp"
#include "rules/k8s/validation.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;
using nlohmann::json;

const RuleInfo kInfo{
    .id = "job-selector-invalid",
    .title = "Job selector the API server rejects",
    .severity = Severity::error,
    .kinds = {"Job"},
    .summary =
        "Reports a Job selector with invalid syntax (label keys and values, operators, values "
        "of In/NotIn/Exists/DoesNotExist), and, with manualSelector: true, a missing selector "
        "or one that does not match the pod template's labels.",
    .rationale =
        "With manualSelector: true the API server generates nothing: the Job needs a selector "
        "(\"spec.selector: Required value\") that selects its own pods (\"spec.template."
        "metadata.labels: Invalid value: ...: `selector` does not match template `labels`\"), "
        "and selectors must be syntactically valid label selectors.",
    .remediation =
        "Prefer removing manualSelector and selector (the API server generates a unique "
        "selector); otherwise make the template labels satisfy the selector.",
    .options = {},
    .fixable = false,
    .bad_example =
        "spec:\n  manualSelector: true\n  selector:\n    matchLabels: {app: a}\n"
        "  template:\n    metadata:\n      labels: {app: b}\n",
    .good_example =
        "spec:\n  manualSelector: true\n  selector:\n    matchLabels: {app: a}\n"
        "  template:\n    metadata:\n      labels: {app: a}\n",
    .reference = "§2 #5, #6, #8",
    .webhook_note =
        "The generated selector and controller-uid/job-name labels (§2 #7) are not required: "
        "files and mutating webhooks never have them, and the validating webhook sees the "
        "generated, matching ones. Selector syntax and the manualSelector checks give the same "
        "verdict in both faces."};

// Reports what makes the API server refuse the selector; returns false when there is any.
bool check_syntax(const k8s::Node& selector, const k8s::LabelSelector& parsed, Reporter& out) {
  using Kind = k8s::SelectorProblem::Kind;
  for (const auto& problem : parsed.problems()) {
    const std::string where = selector.pointer + problem.where;
    const std::string field = selector.pointer + problem.field;
    switch (problem.kind) {
      case Kind::invalid_key:
      case Kind::invalid_value:
        for (const auto& detail : problem.details) {
          out.report(where, k8s::rejects(field, k8s::invalid(k8s::go_quote(problem.text), detail)));
        }
        break;
      case Kind::invalid_operator:
        out.report(where, k8s::rejects(field, k8s::invalid(k8s::go_quote(problem.text),
                                                           "not a valid selector operator")));
        break;
      case Kind::values_required:
        out.report(where, k8s::rejects(field, k8s::required("must be specified when `operator` "
                                                            "is 'In' or 'NotIn'")));
        break;
      case Kind::values_forbidden:
        out.report(where, k8s::rejects(field,
                                       "Forbidden: may not be specified when `operator` "
                                       "is 'Exists' or 'DoesNotExist'"));
        break;
    }
  }
  return parsed.problems().empty();
}

void check(const CheckContext& ctx, Reporter& out) {
  const auto spec = k8s::job_spec(ctx.object());
  if (!spec) return;
  const bool manual = k8s::get_bool(spec, "manualSelector") == true;
  const json* selector_json = k8s::member(spec, "selector");
  if (selector_json != nullptr && !selector_json->is_null() && !selector_json->is_object()) {
    return;  // type error
  }
  const auto selector = spec.child("selector");
  if (!selector) {
    if (manual) {
      out.report(spec.pointer, "manualSelector is true but there is no selector: " +
                                   k8s::rejects(spec.child_pointer("selector"), k8s::required()));
    }
    return;
  }
  const k8s::LabelSelector parsed = k8s::LabelSelector::parse(*selector);
  if (!check_syntax(selector, parsed, out) || !manual) return;
  const auto template_node = k8s::pod_template(ctx.object());
  const auto metadata = template_node.child("metadata");
  const json* labels = k8s::member(metadata, "labels");
  static const json kNoLabels = json::object();
  if (parsed.matches(labels != nullptr ? *labels : kNoLabels)) return;
  const std::string labels_pointer = metadata.child_pointer("labels");
  const bool written = labels != nullptr && !labels->is_null();
  out.report(written ? labels_pointer : selector.pointer,
             k8s::rejects(labels_pointer, k8s::invalid(written ? "{...}" : "map[string]string(nil)",
                                                       "`selector` does not match template "
                                                       "`labels`")));
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
