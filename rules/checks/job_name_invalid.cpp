#include <string>

#include "rules/core/registry.hpp"
#include "rules/k8s/image.hpp"
#include "rules/k8s/validation.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;

const RuleInfo kInfo{
    .id = "job-name-invalid",
    .title = "Job and CronJob names the API server rejects",
    .severity = Severity::error,
    .kinds = {"Job", "CronJob"},
    .summary =
        "Reports a metadata.name that is not a DNS-1123 subdomain (Job and CronJob), a Job "
        "name longer than 63 characters, an Indexed Job whose last pod hostname "
        "<name>-<completions-1> is not a DNS-1123 label, and an object with neither name nor "
        "generateName. A name that is an unresolved placeholder (${NAME}, <name>, {{ .name }}) "
        "is named as such.",
    .rationale =
        "Jobs and CronJobs use the ReplicationController name rule (a lowercase RFC 1123 "
        "subdomain). The API server also copies a Job's name into the pod-template label "
        "batch.kubernetes.io/job-name, and label values are limited to 63 characters; and an "
        "Indexed Job's pods get the hostname <name>-<index>, which must be a DNS label "
        "(\"metadata.name: Invalid value: ...: will not able to create pod with invalid DNS "
        "label: ...\"). Each of these makes the API server reject the object.",
    .remediation =
        "Use a name of lowercase letters, digits and '-' (at most 63 characters for a Job, "
        "fewer for an Indexed Job so that <name>-<completions-1> fits, and no dots); render "
        "templates before linting so that placeholders are substituted.",
    .options = {},
    .fixable = false,
    .bad_example = "metadata:\n  name: Nightly_Report\n",
    .good_example = "metadata:\n  name: nightly-report\n",
    .reference = "§2 #1-#3",
    .webhook_note =
        "Names given through generateName are not checked (the final name is not known from a "
        "file, and the mutating webhook sees only the prefix). The 63-character label rule is "
        "skipped with manualSelector: true, where the API server adds no job-name label."};

void check(const CheckContext& ctx, Reporter& out) {
  const auto& object = ctx.object();
  const k8s::Node root = k8s::root(object);
  const auto metadata = root.child("metadata");
  const auto name = k8s::get_string(metadata, "name");
  if (!name || name->empty()) {
    if (k8s::has(metadata, "name") && !name) return;  // wrong type: the decoder rejects it
    const auto generate_name = k8s::get_string(metadata, "generateName");
    if (generate_name && !generate_name->empty()) return;
    if (k8s::has(metadata, "generateName")) return;
    out.report(metadata ? metadata.pointer : std::string(),
               k8s::rejects("/metadata/name", k8s::required("name or generateName is required")));
    return;
  }
  const std::string pointer = metadata.child_pointer("name");
  const std::string quoted = k8s::go_quote(*name);
  const auto subdomain_errors = k8s::dns1123_subdomain_errors(*name);
  for (const auto& message : subdomain_errors) {
    out.report(pointer,
               k8s::rejects(pointer, k8s::invalid(quoted, message)) + k8s::placeholder_note(*name));
  }
  if (!k8s::is_job(object)) return;

  const auto spec = k8s::job_spec(object);
  const bool manual_selector = k8s::get_bool(spec, "manualSelector") == true;
  if (subdomain_errors.empty() && name->size() > 63 && !manual_selector) {
    out.report(pointer,
               "the name is longer than 63 characters and becomes the value of the pod-template "
               "label batch.kubernetes.io/job-name: " +
                   k8s::rejects("/spec/template/metadata/labels",
                                k8s::invalid(quoted, "must be no more than 63 characters")));
  }
  if (k8s::get_string(spec, "completionMode") != "Indexed") return;
  const auto completions = k8s::get_integer(spec, "completions");
  if (!completions || *completions <= 0) return;
  const std::string hostname = *name + "-" + std::to_string(*completions - 1);
  if (k8s::dns1123_label_errors(hostname).empty()) return;
  out.report(pointer, k8s::rejects(pointer, k8s::invalid(quoted,
                                                         "will not able to create pod with invalid "
                                                         "DNS label: " +
                                                             hostname)));
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
