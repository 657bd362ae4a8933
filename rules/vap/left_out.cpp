// Rules that the ValidatingAdmissionPolicy export leaves out, and why (listed in the export's
// header comment and by `jobwarden explain`).
#include "rules/vap/cel_rule.hpp"

namespace jobwarden::vap {
namespace {

constexpr const char* kSchedule =
    "needs the cron schedule's period (a robfig/cron parser), which CEL does not have";

}  // namespace

JOBWARDEN_VAP_LEFT_OUT("cronjob-schedule-invalid",
                       "cron schedule syntax (robfig/cron's parser and its error texts)");
JOBWARDEN_VAP_LEFT_OUT("cronjob-deadline-longer-than-schedule-period", kSchedule);
JOBWARDEN_VAP_LEFT_OUT("cronjob-ttl-shorter-than-schedule-period", kSchedule);
JOBWARDEN_VAP_LEFT_OUT("cronjob-time-zone-invalid", "time-zone names (the tz database)");
JOBWARDEN_VAP_LEFT_OUT("cronjob-deprecated-api-version",
                       "removed API versions are not served: the API server answers before "
                       "any admission, and the policy matches batch/v1");
JOBWARDEN_VAP_LEFT_OUT("job-unknown-field",
                       "the API server drops unknown fields while decoding (or rejects them with "
                       "strict field validation), so a policy never sees them");
JOBWARDEN_VAP_LEFT_OUT("job-invalid-field-type",
                       "a field of the wrong type fails decoding, before any admission");
JOBWARDEN_VAP_LEFT_OUT("job-image-whitespace",
                       "text: whitespace and control characters in image references");
JOBWARDEN_VAP_LEFT_OUT("job-name-invalid",
                       "text: DNS-1123 name syntax with apimachinery's regex messages");
JOBWARDEN_VAP_LEFT_OUT("job-containers-invalid",
                       "text: DNS-1123 container-name syntax with apimachinery's regex messages");
JOBWARDEN_VAP_LEFT_OUT("job-managed-by-invalid",
                       "text: domain-prefixed path syntax with apimachinery's messages");
JOBWARDEN_VAP_LEFT_OUT("job-selector-invalid",
                       "text: label key/value syntax; and the API server generates the selector "
                       "before validating admission, so the policy sees another object");
JOBWARDEN_VAP_LEFT_OUT("job-success-policy-invalid",
                       "text: parsing succeededIndexes interval lists");
JOBWARDEN_VAP_LEFT_OUT("job-pod-failure-policy-invalid",
                       "text: Go's %#v rendering of exit-code lists in the API server's messages");

JOBWARDEN_VAP_LEFT_OUT("job-field-unsupported-in-version",
                       "a policy runs in the cluster it checks, whose API server drops fields it "
                       "does not serve before admission; lint against the target version instead");
JOBWARDEN_VAP_LEFT_OUT("job-field-alpha-in-version",
                       "feature-gate tables (rules/k8s/feature_versions) that are not written in "
                       "CEL; the cluster's own gates decide what it accepts");
JOBWARDEN_VAP_LEFT_OUT("job-field-beta-in-version",
                       "feature-gate tables (rules/k8s/feature_versions) that are not written in "
                       "CEL; the cluster's own gates decide what it accepts");

JOBWARDEN_VAP_LEFT_OUT("job-pod-ip-invalid", "text: IP address syntax (strict IP validation)");
JOBWARDEN_VAP_LEFT_OUT("job-image-invalid-reference",
                       "text: the distribution spec's image reference grammar");
JOBWARDEN_VAP_LEFT_OUT("job-metadata-invalid", "text: label value and DNS-1123 syntax");

}  // namespace jobwarden::vap
