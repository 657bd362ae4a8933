#include <cstdint>
#include <string>

#include "rules/core/registry.hpp"
#include "rules/k8s/defaults.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;

const RuleInfo kInfo{
    .id = "cronjob-missing-history-limits",
    .title = "Job history limits left at the Kubernetes defaults",
    .severity = Severity::info,
    .kinds = {"CronJob"},
    .summary =
        "Reports successfulJobsHistoryLimit and failedJobsHistoryLimit when they are not set "
        "or equal to the values Kubernetes fills in (3 and 1), one finding per limit.",
    .rationale =
        "The history limits decide how many finished Jobs (and their pods and logs) a "
        "CronJob keeps. The defaults keep only the last failed Job, so the evidence of an "
        "earlier failure is gone after the next one, while a CronJob running every minute "
        "keeps pods it does not need. Choosing the numbers makes retention a decision; "
        "ttlSecondsAfterFinished in the jobTemplate can bound it in time as well.",
    .remediation =
        "Set successfulJobsHistoryLimit and failedJobsHistoryLimit explicitly (for example "
        "keep more failed Jobs than successful ones).",
    .options = {{"fix", false,
                 "Attach a fix that writes the limits (opt-in). It sets the values of the "
                 "`successful` and `failed` options; with the defaults 3 and 1 it writes the "
                 "Kubernetes defaults explicitly and only where they are missing."},
                {"successful", 3, "successfulJobsHistoryLimit written by the fix."},
                {"failed", 1, "failedJobsHistoryLimit written by the fix."}},
    .fixable = true,
    .bad_example = "kind: CronJob\nspec:\n  schedule: \"0 * * * *\"\n  jobTemplate: ...\n",
    .good_example =
        "kind: CronJob\nspec:\n  schedule: \"0 * * * *\"\n  successfulJobsHistoryLimit: 1\n"
        "  failedJobsHistoryLimit: 5\n  jobTemplate: ...\n",
    .reference = "",
    .webhook_note =
        "The API server defaults the limits to 3 and 1 before admission, so a missing limit "
        "and an explicit 3 (or 1) are the same verdict in both faces. The fix only writes a "
        "value that differs from what the object already holds, so in the webhook (where "
        "3/1 are already present) the default options patch nothing."};

void check_limit(const CheckContext& ctx, Reporter& out, const k8s::Node& spec, const char* key,
                 std::int64_t kube_default, const char* option, const char* what) {
  if (k8s::has(spec, key) && k8s::get_int(spec, key) != kube_default) return;
  const bool written = ctx.written(spec.value, key);
  const std::string field = spec.child_pointer(key);
  nlohmann::json fix = nullptr;
  const auto& wanted = ctx.option(option);
  if (ctx.bool_option("fix") && wanted.is_number_integer() &&
      (!written || k8s::get_int(spec, key) != wanted.get<std::int64_t>())) {
    fix = add_op(field, wanted);
  }
  const std::string keeps = "Kubernetes keeps the last " + std::to_string(kube_default) + " " +
                            what + (kube_default == 1 ? " Job" : " Jobs");
  if (written) {
    out.report(field,
               std::string(key) + " is " + std::to_string(kube_default) +
                   ", the value Kubernetes fills in when it is not set: " + keeps,
               {}, fix);
  } else {
    out.report(spec.pointer, std::string(key) + " is not set: " + keeps, {}, fix);
  }
}

void check(const CheckContext& ctx, Reporter& out) {
  const k8s::Node spec = k8s::object_spec(ctx.object());
  if (!ctx.written_object(spec.value)) return;
  check_limit(ctx, out, spec, "successfulJobsHistoryLimit", k8s::kDefaultSuccessfulJobsHistoryLimit,
              "successful", "successful");
  check_limit(ctx, out, spec, "failedJobsHistoryLimit", k8s::kDefaultFailedJobsHistoryLimit,
              "failed", "failed");
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
