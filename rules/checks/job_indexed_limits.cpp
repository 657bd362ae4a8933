#include <string>

#include "rules/core/registry.hpp"
#include "rules/k8s/validation.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;

const RuleInfo kInfo{
    .id = "job-indexed-limits",
    .title = "Indexed Job parallelism and maxFailedIndexes limits",
    .severity = Severity::error,
    .kinds = {"Job", "CronJob"},
    .summary =
        "Reports an Indexed Job with parallelism above 100000, maxFailedIndexes above "
        "completions or above 100000, and, when completions is above 100000 with "
        "backoffLimitPerIndex, a missing maxFailedIndexes or a parallelism or "
        "maxFailedIndexes above 10000.",
    .rationale =
        "The limits cap the size of .status.completedIndexes and .status.failedIndexes; the "
        "API server rejects a Job beyond them, e.g. \"spec.parallelism: Invalid value: "
        "200000: must be less than or equal to 100000 when completion mode is Indexed\".",
    .remediation =
        "Lower parallelism / maxFailedIndexes to the limits, or split the work over several "
        "Jobs.",
    .options = {},
    .fixable = false,
    .bad_example =
        "spec:\n  completionMode: Indexed\n  completions: 10\n  parallelism: 200000\n"
        "  backoffLimitPerIndex: 1\n  maxFailedIndexes: 20\n",
    .good_example =
        "spec:\n  completionMode: Indexed\n  completions: 10\n  parallelism: 10\n"
        "  backoffLimitPerIndex: 1\n  maxFailedIndexes: 5\n",
    .reference = "§2 #12-#15",
    .webhook_note =
        "Only explicit values are involved (a CronJob's jobTemplate is not defaulted, and an "
        "unset completionMode there is not Indexed): same verdict."};

constexpr std::int64_t kMaxParallelism = 100000;
constexpr std::int64_t kMaxFailedIndexes = 100000;
constexpr std::int64_t kCompletionsSoftLimit = 100000;
constexpr std::int64_t kHighCompletionsLimit = 10000;

void report_invalid(const k8s::Node& spec, const char* field, std::int64_t value,
                    const std::string& detail, Reporter& out) {
  const std::string pointer = spec.child_pointer(field);
  out.report(pointer, k8s::rejects(pointer, k8s::invalid(std::to_string(value), detail)));
}

void check(const CheckContext& ctx, Reporter& out) {
  const auto spec = k8s::job_spec(ctx.object());
  if (k8s::get_string(spec, "completionMode") != "Indexed") return;
  const auto parallelism = k8s::get_integer(spec, "parallelism");
  const auto completions = k8s::get_integer(spec, "completions");
  const auto max_failed = k8s::get_integer(spec, "maxFailedIndexes");
  const bool per_index = k8s::get_integer(spec, "backoffLimitPerIndex").has_value();

  if (parallelism && *parallelism > kMaxParallelism) {
    report_invalid(spec, "parallelism", *parallelism,
                   "must be less than or equal to 100000 when completion mode is Indexed", out);
  }
  if (completions && max_failed && *max_failed > *completions) {
    report_invalid(spec, "maxFailedIndexes", *max_failed,
                   "must be less than or equal to completions", out);
  }
  if (max_failed && *max_failed > kMaxFailedIndexes) {
    report_invalid(spec, "maxFailedIndexes", *max_failed, "must be less than or equal to 100000",
                   out);
  }
  if (completions && *completions > kCompletionsSoftLimit && per_index) {
    const std::string high =
        "must be less than or equal to 10000 when completions are above 100000 and used with "
        "backoff limit per index";
    if (!max_failed) {
      out.report(spec.pointer,
                 "completions is " + std::to_string(*completions) +
                     " with backoffLimitPerIndex but maxFailedIndexes is not set: " +
                     k8s::rejects(spec.child_pointer("maxFailedIndexes"),
                                  k8s::required("must be specified when completions is above "
                                                "100000")));
    }
    if (parallelism && *parallelism > kHighCompletionsLimit) {
      report_invalid(spec, "parallelism", *parallelism, high, out);
    }
    if (max_failed && *max_failed > kHighCompletionsLimit) {
      report_invalid(spec, "maxFailedIndexes", *max_failed, high, out);
    }
  }
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
