#include <set>
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
    .id = "job-pod-failure-policy-invalid",
    .title = "podFailurePolicy the API server rejects",
    .severity = Severity::error,
    .kinds = {"Job", "CronJob"},
    .summary =
        "Reports podFailurePolicy rules the API server rejects: more than 20 rules; a missing "
        "or unknown action, or FailIndex without backoffLimitPerIndex; both or neither of "
        "onExitCodes and onPodConditions; a missing or unknown operator; a containerName that "
        "names no container or init container; empty, too many (> 255), unordered or "
        "duplicate exit codes, or 0 with In; more than 20 onPodConditions, condition types "
        "that are not qualified names, statuses other than True/False/Unknown; and a "
        "podReplacementPolicy other than Failed next to a podFailurePolicy (or any unknown "
        "podReplacementPolicy).",
    .rationale =
        "Each of these is a validation error of the Job API, e.g. "
        "\"spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{3, 1}: "
        "must be ordered\", so the Job (or CronJob) is never created.",
    .remediation =
        "Fix the rule as the message says: one of onExitCodes/onPodConditions per rule, "
        "action FailJob/FailIndex/Ignore/Count, exit codes sorted and unique.",
    .options = {},
    .fixable = false,
    .bad_example =
        "podFailurePolicy:\n  rules:\n  - action: Fail\n    onExitCodes:\n"
        "      operator: In\n      values: [3, 1, 0]\n",
    .good_example =
        "podFailurePolicy:\n  rules:\n  - action: FailJob\n    onExitCodes:\n"
        "      operator: In\n      values: [1, 3]\n",
    .reference = "§2 #19-#26, #28",
    .webhook_note =
        "The API server defaults onPodConditions[].status to True and, with a "
        "podFailurePolicy, podReplacementPolicy to Failed (Jobs only); the rule decides on the "
        "defaulted view, so a missing status or podReplacementPolicy is never reported."};

const std::vector<std::string> kActions{"Count", "FailIndex", "FailJob", "Ignore"};
const std::vector<std::string> kOperators{"In", "NotIn"};
const std::vector<std::string> kStatuses{"False", "True", "Unknown"};

// Go's %q of a []string: ["a" "b"].
std::string quoted_list(const std::vector<std::string>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += " ";
    out += k8s::go_quote(values[i]);
  }
  return out + "]";
}

bool contains(const std::vector<std::string>& values, const std::string& value) {
  for (const auto& v : values) {
    if (v == value) return true;
  }
  return false;
}

// %#v of a []int32.
std::string int32_slice(const std::vector<std::int64_t>& values, bool nil) {
  if (nil) return "[]int32(nil)";
  std::string out = "[]int32{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ", ";
    out += std::to_string(values[i]);
  }
  return out + "}";
}

std::set<std::string> container_names(const json& object) {
  std::set<std::string> names;
  for (const auto& list : {k8s::containers(object), k8s::init_containers(object)}) {
    for (const auto& container : list) {
      names.insert(k8s::get_string(container, "name").value_or(""));
    }
  }
  return names;
}

void check_exit_codes(const k8s::Node& on_exit, const std::set<std::string>& names, Reporter& out) {
  const auto operator_value = k8s::get_string(on_exit, "operator");
  const std::string operator_pointer = on_exit.child_pointer("operator");
  const bool operator_missing = !k8s::has(on_exit, "operator");
  if (operator_missing || (operator_value && operator_value->empty())) {
    out.report(
        on_exit.pointer_of("operator"),
        k8s::rejects(operator_pointer, k8s::required("valid values: " + quoted_list(kOperators))));
  } else if (operator_value && !contains(kOperators, *operator_value)) {
    out.report(operator_pointer,
               k8s::rejects(operator_pointer,
                            k8s::unsupported(k8s::go_quote(*operator_value), kOperators)));
  }
  const auto container = k8s::get_string(on_exit, "containerName");
  if (container && !names.contains(*container)) {
    const std::string pointer = on_exit.child_pointer("containerName");
    out.report(pointer,
               k8s::rejects(pointer, k8s::invalid(k8s::go_quote(*container),
                                                  "must be one of the container or initContainer "
                                                  "names in the pod template")));
  }
  const json* values = k8s::member(on_exit, "values");
  if (values != nullptr && !values->is_null() && !values->is_array()) return;  // type error
  const std::string values_pointer = on_exit.child_pointer("values");
  std::vector<std::int64_t> codes;
  if (values != nullptr && values->is_array()) {
    for (const auto& value : *values) {
      auto code = k8s::as_integer(&value);
      if (!code) return;  // not int32: the decoder rejects the object
      codes.push_back(*code);
    }
  }
  if (codes.empty()) {
    const bool nil = values == nullptr || values->is_null();
    out.report(on_exit.pointer_of("values"),
               k8s::rejects(values_pointer, k8s::invalid(int32_slice(codes, nil),
                                                         "at least one value is required")));
    return;
  }
  if (codes.size() > 255) {
    out.report(values_pointer, k8s::rejects(values_pointer, k8s::too_many(codes.size(), 255)));
  }
  bool ordered = true;
  std::set<std::int64_t> seen;
  for (std::size_t j = 0; j < codes.size(); ++j) {
    const std::string pointer = join_pointer(values_pointer, j);
    if (operator_value == "In" && codes[j] == 0) {
      out.report(pointer,
                 k8s::rejects(pointer, k8s::invalid("0", "must not be 0 for the In operator")));
    }
    if (!seen.insert(codes[j]).second) {
      out.report(pointer, k8s::rejects(pointer, k8s::duplicate(std::to_string(codes[j]))));
    }
    if (j > 0 && codes[j - 1] > codes[j]) ordered = false;
  }
  if (!ordered) {
    out.report(values_pointer, k8s::rejects(values_pointer, k8s::invalid(int32_slice(codes, false),
                                                                         "must be ordered")));
  }
}

void check_pod_conditions(const json& patterns, const std::string& pointer, Reporter& out) {
  if (patterns.size() > 20) {
    out.report(pointer, k8s::rejects(pointer, k8s::too_many(patterns.size(), 20)));
  }
  for (std::size_t j = 0; j < patterns.size(); ++j) {
    const k8s::Node pattern{patterns[j].is_object() ? &patterns[j] : nullptr,
                            join_pointer(pointer, j)};
    if (!pattern) continue;
    const json* type = k8s::member(pattern, "type");
    if (type == nullptr || type->is_null() || type->is_string()) {
      const std::string text = type != nullptr && type->is_string() ? type->get<std::string>() : "";
      const std::string type_pointer = pattern.child_pointer("type");
      for (const auto& message : k8s::qualified_name_errors(text)) {
        out.report(pattern.pointer_of("type"),
                   k8s::rejects(type_pointer, k8s::invalid(k8s::go_quote(text), message)));
      }
    }
    // An empty or missing status is defaulted to True before validation.
    const auto status = k8s::get_string(pattern, "status");
    if (status && !status->empty() && !contains(kStatuses, *status)) {
      const std::string status_pointer = pattern.child_pointer("status");
      out.report(status_pointer,
                 k8s::rejects(status_pointer, k8s::unsupported(k8s::go_quote(*status), kStatuses)));
    }
  }
}

void check_rule(const k8s::Node& spec, const k8s::Node& rule, const std::set<std::string>& names,
                Reporter& out) {
  const std::string action_pointer = rule.child_pointer("action");
  const json* action_json = k8s::member(rule, "action");
  const auto action = k8s::get_string(rule, "action");
  if (action_json == nullptr || action_json->is_null() || (action && action->empty())) {
    out.report(
        action ? action_pointer : rule.pointer,
        k8s::rejects(action_pointer, k8s::required("valid values: " + quoted_list(kActions))));
  } else if (action == "FailIndex") {
    if (!k8s::get_integer(spec, "backoffLimitPerIndex")) {
      out.report(action_pointer,
                 k8s::rejects(
                     action_pointer,
                     k8s::invalid("\"FailIndex\"", "requires the backoffLimitPerIndex to be set")));
    }
  } else if (action && !contains(kActions, *action)) {
    out.report(action_pointer,
               k8s::rejects(action_pointer, k8s::unsupported(k8s::go_quote(*action), kActions)));
  }

  const auto on_exit = rule.child("onExitCodes");
  if (on_exit) check_exit_codes(on_exit, names, out);
  const json* conditions = k8s::member(rule, "onPodConditions");
  const bool has_conditions =
      conditions != nullptr && conditions->is_array() && !conditions->empty();
  if (has_conditions) {
    check_pod_conditions(*conditions, rule.child_pointer("onPodConditions"), out);
  }
  if (on_exit && has_conditions) {
    out.report(rule.pointer, k8s::rejects(rule.pointer,
                                          "Invalid value: specifying both OnExitCodes and "
                                          "OnPodConditions is not supported"));
  }
  if (!on_exit && !has_conditions) {
    out.report(rule.pointer, k8s::rejects(rule.pointer,
                                          "Invalid value: specifying one of OnExitCodes and "
                                          "OnPodConditions is required"));
  }
}

void check(const CheckContext& ctx, Reporter& out) {
  const auto& object = ctx.object();
  const auto spec = k8s::job_spec(object);
  const auto policy = spec.child("podFailurePolicy");

  const auto replacement = k8s::get_string(spec, "podReplacementPolicy");
  if (replacement) {
    const std::string pointer = spec.child_pointer("podReplacementPolicy");
    if (policy && *replacement != "Failed") {
      out.report(pointer, "podFailurePolicy is set: " +
                              k8s::rejects(pointer, k8s::unsupported(k8s::go_quote(*replacement),
                                                                     {"Failed"})));
    } else if (!policy && *replacement != "Failed" && *replacement != "TerminatingOrFailed") {
      out.report(pointer,
                 k8s::rejects(pointer, k8s::unsupported(k8s::go_quote(*replacement),
                                                        {"Failed", "TerminatingOrFailed"})));
    }
  }

  if (!policy) return;
  const json* rules = k8s::member(policy, "rules");
  if (rules == nullptr || !rules->is_array()) return;
  const std::string rules_pointer = policy.child_pointer("rules");
  if (rules->size() > 20) {
    out.report(rules_pointer, k8s::rejects(rules_pointer, k8s::too_many(rules->size(), 20)));
  }
  const auto names = container_names(object);
  for (std::size_t i = 0; i < rules->size(); ++i) {
    const json& rule = (*rules)[i];
    if (!rule.is_object()) continue;
    check_rule(spec, k8s::Node{&rule, join_pointer(rules_pointer, i)}, names, out);
  }
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
