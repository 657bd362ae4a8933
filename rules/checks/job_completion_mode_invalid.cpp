#include <string>

#include "rules/core/registry.hpp"
#include "rules/k8s/validation.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;

const RuleInfo kInfo{
    .id = "job-completion-mode-invalid",
    .title = "completionMode must be NonIndexed or Indexed",
    .severity = Severity::error,
    .kinds = {"Job", "CronJob"},
    .summary = "Reports a completionMode other than NonIndexed and Indexed (case matters).",
    .rationale =
        "The API server rejects any other value: \"spec.completionMode: Unsupported value: "
        "\\\"indexed\\\": supported values: \\\"NonIndexed\\\", \\\"Indexed\\\"\".",
    .remediation = "Use completionMode: Indexed (pods get an index) or NonIndexed (the default).",
    .options = {},
    .fixable = false,
    .bad_example = "spec:\n  completionMode: indexed\n",
    .good_example = "spec:\n  completionMode: Indexed\n  completions: 5\n",
    .reference = "§2 #10",
    .webhook_note =
        "A missing completionMode is defaulted to NonIndexed for Jobs (not in a CronJob's "
        "jobTemplate); either way only explicit values can be wrong: same verdict."};

void check(const CheckContext& ctx, Reporter& out) {
  const auto spec = k8s::job_spec(ctx.object());
  const auto mode = k8s::get_string(spec, "completionMode");
  if (!mode || *mode == "NonIndexed" || *mode == "Indexed") return;
  const std::string pointer = spec.child_pointer("completionMode");
  out.report(pointer, k8s::rejects(pointer, k8s::unsupported(k8s::go_quote(*mode),
                                                             {"NonIndexed", "Indexed"})));
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
