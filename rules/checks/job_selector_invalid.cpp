#include <string>
#include <vector>

#include "rules/core/json_pointer.hpp"
#include "rules/core/registry.hpp"
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

// Validates the selector; returns false when it has errors (then matching is not attempted).
bool check_syntax(const k8s::Node& selector, Reporter& out) {
  bool valid = true;
  // Reports at `pointer` the error the API server gives for the field at `field`.
  const auto report = [&](const std::string& pointer, const std::string& field,
                          const std::string& body) {
    valid = false;
    out.report(pointer, k8s::rejects(field, body));
  };
  const auto labels = selector.child("matchLabels");
  if (labels) {
    for (const auto& [key, value] : labels->items()) {
      const std::string pointer = join_pointer(labels.pointer, key);
      for (const auto& message : k8s::qualified_name_errors(key)) {
        report(pointer, labels.pointer, k8s::invalid(k8s::go_quote(key), message));
      }
      if (!value.is_string()) continue;
      for (const auto& message : k8s::label_value_errors(value.get<std::string>())) {
        report(pointer, labels.pointer,
               k8s::invalid(k8s::go_quote(value.get<std::string>()), message));
      }
    }
  }
  const json* expressions = k8s::member(selector, "matchExpressions");
  if (expressions == nullptr || !expressions->is_array()) return valid;
  const std::string base = selector.child_pointer("matchExpressions");
  for (std::size_t i = 0; i < expressions->size(); ++i) {
    const json& item = (*expressions)[i];
    if (!item.is_object()) continue;
    const k8s::Node expression{&item, join_pointer(base, i)};
    const auto op = k8s::get_string(expression, "operator").value_or("");
    const json* values = k8s::member(expression, "values");
    const std::size_t count = values != nullptr && values->is_array() ? values->size() : 0;
    const std::string values_pointer = expression.child_pointer("values");
    if (op == "In" || op == "NotIn") {
      if (count == 0) {
        report(values != nullptr ? values_pointer : expression.pointer, values_pointer,
               k8s::required("must be specified when `operator` is 'In' or 'NotIn'"));
      }
    } else if (op == "Exists" || op == "DoesNotExist") {
      if (count > 0) {
        report(values_pointer, values_pointer,
               "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
      }
    } else {
      const std::string pointer = expression.child_pointer("operator");
      report(expression.pointer_of("operator"), pointer,
             k8s::invalid(k8s::go_quote(op),
                          "not a valid selector "
                          "operator"));
    }
    const auto key = k8s::get_string(expression, "key").value_or("");
    const std::string key_pointer = expression.child_pointer("key");
    for (const auto& message : k8s::qualified_name_errors(key)) {
      report(expression.pointer_of("key"), key_pointer, k8s::invalid(k8s::go_quote(key), message));
    }
    for (std::size_t j = 0; j < count; ++j) {
      if (!(*values)[j].is_string()) continue;
      const std::string text = (*values)[j].get<std::string>();
      const std::string pointer = join_pointer(values_pointer, j);
      for (const auto& message : k8s::label_value_errors(text)) {
        report(pointer, pointer, k8s::invalid(k8s::go_quote(text), message));
      }
    }
  }
  return valid;
}

bool matches(const k8s::Node& selector, const json& labels) {
  const auto label = [&](const std::string& key) -> const json* {
    if (!labels.is_object()) return nullptr;
    auto it = labels.find(key);
    return it == labels.end() || !it->is_string() ? nullptr : &*it;
  };
  const auto match_labels = selector.child("matchLabels");
  if (match_labels) {
    for (const auto& [key, value] : match_labels->items()) {
      const json* actual = label(key);
      if (actual == nullptr || *actual != value) return false;
    }
  }
  const json* expressions = k8s::member(selector, "matchExpressions");
  if (expressions == nullptr || !expressions->is_array()) return true;
  for (const auto& expression : *expressions) {
    if (!expression.is_object()) continue;
    const k8s::Node node{&expression, ""};
    const std::string key = k8s::get_string(node, "key").value_or("");
    const std::string op = k8s::get_string(node, "operator").value_or("");
    const json* actual = label(key);
    bool in_values = false;
    auto values = expression.find("values");
    if (actual != nullptr && values != expression.end() && values->is_array()) {
      for (const auto& value : *values) in_values = in_values || value == *actual;
    }
    if (op == "In" && !in_values) return false;
    if (op == "NotIn" && in_values) return false;
    if (op == "Exists" && actual == nullptr) return false;
    if (op == "DoesNotExist" && actual != nullptr) return false;
  }
  return true;
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
  if (!check_syntax(selector, out) || !manual) return;
  const auto template_node = k8s::pod_template(ctx.object());
  const auto metadata = template_node.child("metadata");
  const json* labels = k8s::member(metadata, "labels");
  static const json kNoLabels = json::object();
  if (matches(selector, labels != nullptr ? *labels : kNoLabels)) return;
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
