#include <string>

#include "rules/core/registry.hpp"
#include "rules/k8s/validation.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;

const RuleInfo kInfo{
    .id = "job-indexed-only-field",
    .title = "Fields that need an Indexed Job (or backoffLimitPerIndex)",
    .severity = Severity::error,
    .kinds = {"Job", "CronJob"},
    .summary =
        "Reports backoffLimitPerIndex, maxFailedIndexes or successPolicy on a Job that is not "
        "Indexed, and maxFailedIndexes without backoffLimitPerIndex.",
    .rationale =
        "Per-index retries and success policies are defined over completion indexes, so the "
        "API server rejects them elsewhere: \"spec.backoffLimitPerIndex: Invalid value: 1: "
        "requires indexed completion mode\", \"spec.backoffLimitPerIndex: Required value: "
        "when maxFailedIndexes is specified\".",
    .remediation =
        "Set completionMode: Indexed (with completions), or remove the per-index fields; "
        "maxFailedIndexes also needs backoffLimitPerIndex.",
    .options = {},
    .fixable = false,
    .bad_example = "spec:\n  backoffLimitPerIndex: 1\n  maxFailedIndexes: 2\n",
    .good_example =
        "spec:\n  completionMode: Indexed\n  completions: 10\n"
        "  backoffLimitPerIndex: 1\n  maxFailedIndexes: 2\n",
    .reference = "§2 #16-#18",
    .webhook_note =
        "A Job's missing completionMode is defaulted to NonIndexed; a CronJob's jobTemplate "
        "is not defaulted, and the API server treats its unset completionMode as NonIndexed "
        "too: same verdict."};

void check(const CheckContext& ctx, Reporter& out) {
  const auto spec = k8s::job_spec(ctx.object());
  if (!spec) return;
  const nlohmann::json* mode_json = k8s::member(spec, "completionMode");
  if (mode_json != nullptr && !mode_json->is_null() && !mode_json->is_string()) return;  // type
  const auto mode = k8s::get_string(spec, "completionMode");
  const auto per_index = k8s::get_integer(spec, "backoffLimitPerIndex");
  const auto max_failed = k8s::get_integer(spec, "maxFailedIndexes");
  const std::string mode_text = mode ? "completionMode is " + *mode : "completionMode is not set";

  if (!mode || *mode == "NonIndexed") {
    if (per_index) {
      const std::string pointer = spec.child_pointer("backoffLimitPerIndex");
      out.report(pointer, mode_text + ": " +
                              k8s::rejects(pointer, k8s::invalid(std::to_string(*per_index),
                                                                 "requires indexed completion "
                                                                 "mode")));
    }
    if (max_failed) {
      const std::string pointer = spec.child_pointer("maxFailedIndexes");
      out.report(pointer, mode_text + ": " +
                              k8s::rejects(pointer, k8s::invalid(std::to_string(*max_failed),
                                                                 "requires indexed completion "
                                                                 "mode")));
    }
  }
  if (max_failed && !per_index) {
    out.report(spec.child_pointer("maxFailedIndexes"),
               k8s::rejects(spec.child_pointer("backoffLimitPerIndex"),
                            k8s::required("when maxFailedIndexes is specified")));
  }
  const auto success = spec.child("successPolicy");
  if (success && mode.value_or("NonIndexed") != "Indexed") {
    out.report(success.pointer,
               mode_text + ": " +
                   k8s::rejects(success.pointer,
                                k8s::invalid("{...}", "requires indexed completion mode")));
  }
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
