#include <string>

#include "rules/core/json_pointer.hpp"
#include "rules/core/registry.hpp"
#include "rules/k8s/validation.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;
using nlohmann::json;

const RuleInfo kInfo{
    .id = "job-success-policy-invalid",
    .title = "successPolicy the API server rejects",
    .severity = Severity::error,
    .kinds = {"Job", "CronJob"},
    .summary =
        "Reports, on an Indexed Job, a successPolicy without rules or with more than 20, a "
        "rule with neither succeededIndexes nor succeededCount, a succeededIndexes that is "
        "longer than 64 KiB or does not parse as increasing intervals below completions "
        "(\"0,2-5,7\"), and a succeededCount that is negative, above completions or above the "
        "number of indexes listed.",
    .rationale =
        "The API server validates the policy against completions and rejects the Job, e.g. "
        "\"spec.successPolicy.rules[0].succeededIndexes: Invalid value: \\\"0-12\\\": error "
        "parsing succeededIndexes: too large index: \\\"12\\\"\".",
    .remediation =
        "List indexes as comma-separated increasing numbers or a-b ranges below completions, "
        "and keep succeededCount within completions and the indexes listed.",
    .options = {},
    .fixable = false,
    .bad_example =
        "spec:\n  completionMode: Indexed\n  completions: 10\n  successPolicy:\n"
        "    rules:\n    - succeededIndexes: \"5-2\"\n",
    .good_example =
        "spec:\n  completionMode: Indexed\n  completions: 10\n  successPolicy:\n"
        "    rules:\n    - succeededIndexes: \"0,2-5\"\n      succeededCount: 3\n",
    .reference = "§2 #29-#30",
    .webhook_note =
        "successPolicy has no defaults: same verdict. A successPolicy on a Job that is not "
        "Indexed is reported by job-indexed-only-field, and an Indexed Job without completions "
        "by job-indexed-without-completions (this rule then skips the completions checks)."};

constexpr std::size_t kMaxRules = 20;
constexpr std::size_t kMaxIndexesLength = 64 * 1024;

void check_rule(const k8s::Node& rule, std::optional<std::int64_t> completions, Reporter& out) {
  const json* indexes_json = k8s::member(rule, "succeededIndexes");
  const json* count_json = k8s::member(rule, "succeededCount");
  const bool has_indexes = indexes_json != nullptr && !indexes_json->is_null();
  const bool has_count = count_json != nullptr && !count_json->is_null();
  if (!has_indexes && !has_count) {
    out.report(rule.pointer,
               k8s::rejects(rule.pointer, k8s::required("at least one of succeededCount or "
                                                        "succeededIndexes must be specified")));
    return;
  }
  std::int64_t total = 0;
  const auto indexes = k8s::get_string(rule, "succeededIndexes");
  if (indexes) {
    const std::string pointer = rule.child_pointer("succeededIndexes");
    if (indexes->size() > kMaxIndexesLength) {
      out.report(pointer, k8s::rejects(pointer, k8s::too_long(kMaxIndexesLength)));
    }
    if (completions) {
      const auto parsed = k8s::parse_indexes(*indexes, *completions);
      total = parsed.total;
      if (!parsed.ok()) {
        const std::string shown = indexes->size() > 80 ? indexes->substr(0, 77) + "..." : *indexes;
        out.report(pointer, k8s::rejects(pointer, k8s::invalid(k8s::go_quote(shown),
                                                               "error parsing succeededIndexes: " +
                                                                   parsed.error)));
      }
    }
  }
  const auto count = k8s::get_integer(rule, "succeededCount");
  if (!count) return;
  const std::string pointer = rule.child_pointer("succeededCount");
  const std::string value = std::to_string(*count);
  if (*count < 0) {
    out.report(pointer,
               k8s::rejects(pointer, k8s::invalid(value, "must be greater than or equal to 0")));
  }
  if (!completions) return;
  if (*count > *completions) {
    out.report(pointer, k8s::rejects(pointer, k8s::invalid(value, "must be less than or equal to " +
                                                                      std::to_string(*completions) +
                                                                      " (the number of specified "
                                                                      "completions)")));
  }
  if (indexes && *count > total) {
    out.report(pointer,
               k8s::rejects(pointer, k8s::invalid(value, "must be less than or equal to " +
                                                             std::to_string(total) +
                                                             " (the number of indexes in the "
                                                             "specified succeededIndexes "
                                                             "field)")));
  }
}

void check(const CheckContext& ctx, Reporter& out) {
  const auto spec = k8s::job_spec(ctx.object());
  if (k8s::get_string(spec, "completionMode") != "Indexed") return;
  const auto policy = spec.child("successPolicy");
  if (!policy) return;
  const json* rules = k8s::member(policy, "rules");
  const std::string rules_pointer = policy.child_pointer("rules");
  if (rules != nullptr && !rules->is_null() && !rules->is_array()) return;  // type error
  if (rules == nullptr || rules->is_null() || rules->empty()) {
    out.report(policy.pointer_of("rules"),
               k8s::rejects(rules_pointer, k8s::required("at least one rules must be specified "
                                                         "when the successPolicy is specified")));
    return;
  }
  if (rules->size() > kMaxRules) {
    out.report(rules_pointer, k8s::rejects(rules_pointer, k8s::too_many(rules->size(), kMaxRules)));
  }
  const auto completions = k8s::get_integer(spec, "completions");
  for (std::size_t i = 0; i < rules->size(); ++i) {
    const json& rule = (*rules)[i];
    if (!rule.is_object()) continue;
    check_rule(k8s::Node{&rule, join_pointer(rules_pointer, i)}, completions, out);
  }
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
