#include "rules/core/registry.hpp"
#include "rules/k8s/validation.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;

const RuleInfo kInfo{
    .id = "job-restart-policy-always",
    .title = "Pod template restartPolicy must be Never or OnFailure",
    .severity = Severity::error,
    .kinds = {"Job", "CronJob"},
    .summary =
        "Reports a Job pod template whose restartPolicy is missing, Always, or any value "
        "other than OnFailure and Never.",
    .rationale =
        "A missing restartPolicy is defaulted to Always, and Job validation accepts only "
        "OnFailure and Never, so the API server rejects the object with "
        "\"spec.template.spec.restartPolicy: Required value: valid values: \\\"OnFailure\\\", "
        "\\\"Never\\\"\". A CronJob with such a template is rejected the same way.",
    .remediation =
        "Set restartPolicy: Never in the pod template (or OnFailure to restart failed "
        "containers in place).",
    .options = {{"fixAlways", false,
                 "Also fix an explicit `restartPolicy: Always` (to Never); off by default because "
                 "it changes what the author wrote."}},
    .fixable = true,
    .bad_example =
        "spec:\n  template:\n    spec:\n      containers:\n      - name: main\n"
        "        image: busybox:1.36\n",
    .good_example =
        "spec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n"
        "      - name: main\n        image: busybox:1.36\n",
    .reference = "§2 #32",
    .webhook_note =
        "The API server defaults a missing restartPolicy to Always before admission, so "
        "the webhook cannot tell \"missing\" from \"Always\": it reports the explicit-Always "
        "wording and fixes it only with fixAlways. Linting a file, a missing "
        "restartPolicy is fixed by adding Never."};

void check(const CheckContext& ctx, Reporter& out) {
  const auto spec = k8s::pod_spec(ctx.object());
  if (!spec) return;  // no pod template at all: nothing to default or check here
  const std::string kind = k8s::kind_name(ctx.object());
  const std::string field = spec.child_pointer("restartPolicy");
  const auto policy = k8s::get_string(spec, "restartPolicy");
  if (policy == "OnFailure" || policy == "Never") return;

  const nlohmann::json* raw_policy = ctx.written_member(spec.value, "restartPolicy");
  const bool raw_present = raw_policy != nullptr;
  const nlohmann::json fix_never = add_op(field, "Never");

  if (!raw_present || *raw_policy == "") {
    // Not written (or empty): defaulting turns it into Always.
    out.report(raw_present ? field : spec.pointer,
               std::string(raw_present ? "restartPolicy is empty" : "restartPolicy is not set") +
                   ", so it defaults to Always and the API server rejects the " + kind,
               "Add restartPolicy: Never to the pod template (or OnFailure to restart failed "
               "containers in place).",
               fix_never);
    return;
  }
  if (policy == "Always") {
    const bool fix_always = ctx.bool_option("fixAlways");
    out.report(
        field,
        "restartPolicy Always is not allowed in a Job pod template: the API server rejects the " +
            kind + " (valid values: OnFailure, Never)",
        "Set restartPolicy: Never (or OnFailure to restart failed containers in place).",
        fix_always ? fix_never : nlohmann::json(nullptr));
    return;
  }
  const auto* value = spec->contains("restartPolicy") ? &(*spec)["restartPolicy"] : nullptr;
  const std::string shown = value != nullptr ? value->dump() : "null";
  out.report(field,
             "restartPolicy " + shown +
                 " is not supported in a Job pod template: the API server rejects the " + kind +
                 " (valid values: OnFailure, Never)",
             "Set restartPolicy: Never (or OnFailure to restart failed containers in place).");
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
