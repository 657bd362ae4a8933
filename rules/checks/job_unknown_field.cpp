#include <algorithm>
#include <string>
#include <string_view>
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
    .id = "job-unknown-field",
    .title = "Unknown field in a Job or CronJob spec",
    .severity = Severity::warning,
    .kinds = {"Job", "CronJob"},
    .summary =
        "Reports keys under a Job's spec, a CronJob's spec, its jobTemplate and the "
        "jobTemplate's spec that are not fields of batch/v1 (typos such as paralelism or "
        "backoffLimits, or fields at the wrong level), suggesting the closest known field.",
    .rationale =
        "kubectl (strict field validation) rejects such a manifest: \"strict decoding error: "
        "unknown field \\\"spec.paralelism\\\"\"; other clients get a warning and the API "
        "server silently drops the field, so the setting the author meant never takes effect. "
        "It is a warning rather than an error because newer API servers may know fields this "
        "version of jobwarden does not.",
    .remediation = "Fix the spelling or move the field to the level where it belongs.",
    .options = {},
    .fixable = false,
    .bad_example = "spec:\n  paralelism: 3\n  backoffLimits: 2\n",
    .good_example = "spec:\n  parallelism: 3\n  backoffLimit: 2\n",
    .reference = "",
    .webhook_note =
        "The API server drops unknown fields before admission, so the webhook rarely sees "
        "them; the rule matters for files."};

const std::vector<std::string_view> kJobSpecFields{"activeDeadlineSeconds",
                                                   "backoffLimit",
                                                   "backoffLimitPerIndex",
                                                   "completionMode",
                                                   "completions",
                                                   "managedBy",
                                                   "manualSelector",
                                                   "maxFailedIndexes",
                                                   "parallelism",
                                                   "podFailurePolicy",
                                                   "podReplacementPolicy",
                                                   "scheduling",
                                                   "selector",
                                                   "successPolicy",
                                                   "suspend",
                                                   "template",
                                                   "ttlSecondsAfterFinished"};
const std::vector<std::string_view> kCronJobSpecFields{
    "concurrencyPolicy",       "failedJobsHistoryLimit",     "jobTemplate", "schedule",
    "startingDeadlineSeconds", "successfulJobsHistoryLimit", "suspend",     "timeZone"};
const std::vector<std::string_view> kJobTemplateFields{"metadata", "spec"};

enum class Level { job_spec, cronjob_spec, job_template };

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const char x = static_cast<char>(std::tolower(static_cast<unsigned char>(a[i - 1])));
      const char y = static_cast<char>(std::tolower(static_cast<unsigned char>(b[j - 1])));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (x == y ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string suggestion(std::string_view key, const std::vector<std::string_view>& known) {
  std::string_view best;
  std::size_t best_distance = 0;
  for (auto field : known) {
    const std::size_t distance = edit_distance(key, field);
    if (best.empty() || distance < best_distance) {
      best = field;
      best_distance = distance;
    }
  }
  const std::size_t allowed = std::max<std::size_t>(2, key.size() / 4);
  if (best_distance <= allowed) return std::string(best);
  // A truncated name ("activeDeadline" for "activeDeadlineSeconds").
  if (key.size() >= 6) {
    for (auto field : known) {
      if (field.substr(0, key.size()) == key) return std::string(field);
    }
  }
  return {};
}

const std::vector<std::string_view> kPodSpecFields{
    "restartPolicy",   "containers",       "initContainers",    "nodeSelector",
    "tolerations",     "affinity",         "volumes",           "serviceAccountName",
    "securityContext", "imagePullSecrets", "priorityClassName", "terminationGracePeriodSeconds"};

// Where a known field of another level belongs, e.g. a pod field written under a Job spec.
std::string elsewhere(std::string_view key, Level level) {
  const bool pod_field =
      std::find(kPodSpecFields.begin(), kPodSpecFields.end(), key) != kPodSpecFields.end();
  const bool job_field =
      std::find(kJobSpecFields.begin(), kJobSpecFields.end(), key) != kJobSpecFields.end();
  switch (level) {
    case Level::job_spec:
      return pod_field ? "template.spec" : "";
    case Level::cronjob_spec:
      return job_field ? "jobTemplate.spec" : (pod_field ? "jobTemplate.spec.template.spec" : "");
    case Level::job_template:
      return job_field ? "jobTemplate.spec" : (pod_field ? "jobTemplate.spec.template.spec" : "");
  }
  return {};
}

void check_object(const k8s::Node& node, const std::vector<std::string_view>& known, Level level,
                  Reporter& out) {
  if (!node) return;
  for (const auto& [key, value] : node->items()) {
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    const std::string pointer = join_pointer(node.pointer, key);
    const std::string path = k8s::field_path(pointer);
    const std::string place = elsewhere(key, level);
    const std::string guess = place.empty() ? suggestion(key, known) : std::string();
    std::string message = "unknown field \"" + path + "\"";
    std::string hint;
    if (!place.empty()) {
      message += " (it belongs in " + place + ")";
      hint = "Move " + key + " to " + place + ".";
    } else if (!guess.empty()) {
      message += " (did you mean \"" + guess + "\"?)";
      hint = "Rename it to " + guess + " if that was meant.";
    }
    message += ": kubectl rejects it (strict decoding error) and the API server drops it";
    out.report(pointer, message, hint);
  }
}

void check(const CheckContext& ctx, Reporter& out) {
  const auto& object = ctx.object();
  const k8s::Node spec = k8s::object_spec(object);
  if (k8s::is_cronjob(object)) {
    check_object(spec, kCronJobSpecFields, Level::cronjob_spec, out);
    check_object(spec.child("jobTemplate"), kJobTemplateFields, Level::job_template, out);
  }
  check_object(k8s::job_spec(object), kJobSpecFields, Level::job_spec, out);
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
