#include "rules/core/registry.hpp"
#include "rules/k8s/validation.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;

const RuleInfo kInfo{
    .id = "job-indexed-without-completions",
    .title = "Indexed Job needs completions",
    .severity = Severity::error,
    .kinds = {"Job", "CronJob"},
    .summary = "Reports a Job with completionMode: Indexed whose completions is not set.",
    .rationale =
        "Indexes run from 0 to completions-1, so an Indexed Job must say how many there "
        "are; the API server rejects it with \"spec.completions: Required value: when "
        "completion mode is Indexed\". (A Job that sets neither parallelism nor "
        "completions gets completions: 1 by defaulting and is accepted; a CronJob's "
        "jobTemplate is not defaulted and is rejected.)",
    .remediation = "Set completions to the number of indexes.",
    .options = {},
    .fixable = false,
    .bad_example = "spec:\n  completionMode: Indexed\n  parallelism: 4\n",
    .good_example = "spec:\n  completionMode: Indexed\n  completions: 8\n  parallelism: 4\n",
    .reference = "§2 #11",
    .webhook_note =
        "Decides on the defaulted object, like the API server: a Job with neither "
        "parallelism nor completions is not reported."};

void check(const CheckContext& ctx, Reporter& out) {
  const auto spec = k8s::job_spec(ctx.object());
  if (k8s::get_string(spec, "completionMode") != "Indexed") return;
  if (k8s::has(spec, "completions")) return;
  const bool null_written = spec->contains("completions");
  const std::string kind = k8s::kind_name(ctx.object());
  out.report(null_written ? spec.child_pointer("completions") : spec.pointer,
             std::string("completionMode is Indexed but completions is ") +
                 (null_written ? "null" : "not set") + ": the API server rejects the " + kind +
                 " (completions is required when completion mode is Indexed)");
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
