#include <string>

#include "rules/core/registry.hpp"
#include "rules/k8s/validation.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;

const RuleInfo kInfo{
    .id = "cronjob-time-zone-invalid",
    .title = "CronJob timeZone the API server rejects",
    .severity = Severity::error,
    .kinds = {"CronJob"},
    .summary =
        "Reports a timeZone that is empty, is Local (any case), or is not shaped like an IANA "
        "name: '/'-separated parts of 1-14 letters, digits, '.', '-', '_' or '+', none of them "
        "'.' or '..' or starting with '-'.",
    .rationale =
        "The API server rejects these before it even looks the zone up: \"spec.timeZone: "
        "Invalid value: \\\"Local\\\": timeZone must be an explicit time zone as defined in "
        "https://www.iana.org/time-zones\". Names that are well formed but unknown depend on "
        "the API server's tz database and are not reported.",
    .remediation = "Use an IANA zone name such as Europe/Berlin or Etc/UTC, or remove timeZone.",
    .options = {},
    .fixable = false,
    .bad_example = "spec:\n  timeZone: Local\n",
    .good_example = "spec:\n  timeZone: Europe/Berlin\n",
    .reference = "§2 #36",
    .webhook_note =
        "timeZone has no default: same verdict. On update the API server re-checks timeZone "
        "only when it changed."};

void check(const CheckContext& ctx, Reporter& out) {
  const k8s::Node spec = k8s::object_spec(ctx.object());
  const auto zone = k8s::get_string(spec, "timeZone");
  if (!zone) return;
  const auto error = k8s::time_zone_error(*zone);
  if (!error) return;
  const std::string pointer = spec.child_pointer("timeZone");
  out.report(pointer, k8s::rejects(pointer, k8s::invalid(k8s::go_quote(*zone), *error)));
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
