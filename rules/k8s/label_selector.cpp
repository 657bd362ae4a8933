#include "rules/k8s/label_selector.hpp"

#include <algorithm>

#include "rules/core/json_pointer.hpp"
#include "rules/k8s/validation.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::k8s {

using nlohmann::json;

LabelSelector LabelSelector::parse(const json& selector) {
  LabelSelector out;
  if (!selector.is_object()) return out;
  out.present_ = true;
  using Kind = SelectorProblem::Kind;
  const auto problem = [&](Kind kind, std::string where, std::string field, std::string text,
                           std::vector<std::string> details = {}) {
    out.problems_.push_back(
        {kind, std::move(where), std::move(field), std::move(text), std::move(details)});
  };
  const Node root{&selector, ""};
  if (const Node labels = root.child("matchLabels")) {
    for (const auto& [key, value] : labels->items()) {
      const std::string pointer = core::join_pointer(labels.pointer, key);
      if (auto errors = qualified_name_errors(key); !errors.empty()) {
        problem(Kind::invalid_key, pointer, labels.pointer, key, std::move(errors));
      }
      if (!value.is_string()) {
        out.requirements_.push_back({key, Operator::equals, {}});  // matches no label
        continue;
      }
      const std::string text = value.get<std::string>();
      if (auto errors = label_value_errors(text); !errors.empty()) {
        problem(Kind::invalid_value, pointer, labels.pointer, text, std::move(errors));
      }
      out.requirements_.push_back({key, Operator::equals, {text}});
    }
  }
  const json* expressions = member(root, "matchExpressions");
  if (expressions == nullptr || !expressions->is_array()) return out;
  const std::string base = root.child_pointer("matchExpressions");
  for (std::size_t i = 0; i < expressions->size(); ++i) {
    const json& item = (*expressions)[i];
    if (!item.is_object()) continue;
    const Node expression{&item, core::join_pointer(base, i)};
    Requirement requirement;
    const std::string op = get_string(expression, "operator").value_or("");
    const json* values = member(expression, "values");
    const std::size_t count = values != nullptr && values->is_array() ? values->size() : 0;
    const std::string values_pointer = expression.child_pointer("values");
    if (op == "In" || op == "NotIn") {
      requirement.op = op == "In" ? Operator::in : Operator::not_in;
      if (count == 0) {
        problem(Kind::values_required, values != nullptr ? values_pointer : expression.pointer,
                values_pointer, op);
      }
    } else if (op == "Exists" || op == "DoesNotExist") {
      requirement.op = op == "Exists" ? Operator::exists : Operator::does_not_exist;
      if (count > 0) problem(Kind::values_forbidden, values_pointer, values_pointer, op);
    } else {
      problem(Kind::invalid_operator, expression.pointer_of("operator"),
              expression.child_pointer("operator"), op);
    }
    requirement.key = get_string(expression, "key").value_or("");
    if (auto errors = qualified_name_errors(requirement.key); !errors.empty()) {
      problem(Kind::invalid_key, expression.pointer_of("key"), expression.child_pointer("key"),
              requirement.key, std::move(errors));
    }
    for (std::size_t j = 0; j < count; ++j) {
      if (!(*values)[j].is_string()) continue;
      const std::string text = (*values)[j].get<std::string>();
      const std::string pointer = core::join_pointer(values_pointer, j);
      if (auto errors = label_value_errors(text); !errors.empty()) {
        problem(Kind::invalid_value, pointer, pointer, text, std::move(errors));
      }
      requirement.values.push_back(text);
    }
    out.requirements_.push_back(std::move(requirement));
  }
  return out;
}

bool LabelSelector::matches(const json& labels) const {
  if (!valid()) return false;
  const auto label = [&](const std::string& key) -> const std::string* {
    if (!labels.is_object()) return nullptr;
    auto it = labels.find(key);
    return it == labels.end() || !it->is_string() ? nullptr : it->get_ptr<const std::string*>();
  };
  return std::all_of(requirements_.begin(), requirements_.end(), [&](const Requirement& r) {
    const std::string* actual = label(r.key);
    const bool in_values =
        actual != nullptr && std::find(r.values.begin(), r.values.end(), *actual) != r.values.end();
    switch (r.op) {
      case Operator::equals:
      case Operator::in:
        return in_values;
      case Operator::not_in:
        return !in_values;
      case Operator::exists:
        return actual != nullptr;
      case Operator::does_not_exist:
        return actual == nullptr;
    }
    return false;
  });
}

}  // namespace jobwarden::k8s
