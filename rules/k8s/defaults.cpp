#include "rules/k8s/defaults.hpp"

#include <cstdint>
#include <string>

#include "rules/k8s/image.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::k8s {

using nlohmann::json;

namespace {

// Sets `key` only when it is absent or null, like the generated SetDefaults_* functions.
void default_member(json& object, const char* key, json value) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) object[key] = std::move(value);
}

// Returns the object member `key`, creating it when absent/null; nullptr if it has another type.
json* object_member(json& parent, const char* key) {
  auto it = parent.find(key);
  if (it == parent.end() || it->is_null()) {
    parent[key] = json::object();
    return &parent[key];
  }
  return it->is_object() ? &*it : nullptr;
}

json* existing_object(json& parent, const char* key) {
  auto it = parent.find(key);
  return it != parent.end() && it->is_object() ? &*it : nullptr;
}

bool image_has_latest_tag(const std::string& image) {
  // The defaulter looks only at the tag: no tag or ":latest" means Always.
  const ImageTag tag = image_tag(image);
  return tag == ImageTag::none || tag == ImageTag::latest;
}

void default_containers(json& pod_spec, const char* key) {
  json* list = nullptr;
  auto it = pod_spec.find(key);
  if (it != pod_spec.end() && it->is_array()) list = &*it;
  if (list == nullptr) return;
  for (auto& container : *list) {
    if (!container.is_object()) continue;
    auto image = container.find("image");
    if (image != container.end() && image->is_string()) {
      default_member(container, "imagePullPolicy",
                     image_has_latest_tag(image->get<std::string>()) ? "Always" : "IfNotPresent");
    }
    default_member(container, "terminationMessagePath", "/dev/termination-log");
    default_member(container, "terminationMessagePolicy", "File");
  }
}

void default_pod_template(json& job_spec) {
  json* tmpl = object_member(job_spec, "template");
  if (tmpl == nullptr) return;
  json* pod = object_member(*tmpl, "spec");
  if (pod == nullptr) return;
  auto policy = pod->find("restartPolicy");
  if (policy == pod->end() || policy->is_null() || (policy->is_string() && policy->empty())) {
    (*pod)["restartPolicy"] = "Always";
  }
  default_member(*pod, "dnsPolicy", "ClusterFirst");
  default_member(*pod, "terminationGracePeriodSeconds", 30);
  default_member(*pod, "schedulerName", "default-scheduler");
  default_member(*pod, "securityContext", json::object());
  default_containers(*pod, "containers");
  default_containers(*pod, "initContainers");
}

void default_pod_failure_policy(json& job_spec) {
  json* policy = existing_object(job_spec, "podFailurePolicy");
  if (policy == nullptr) return;
  auto rules = policy->find("rules");
  if (rules == policy->end() || !rules->is_array()) return;
  for (auto& rule : *rules) {
    if (!rule.is_object()) continue;
    auto patterns = rule.find("onPodConditions");
    if (patterns == rule.end() || !patterns->is_array()) continue;
    for (auto& pattern : *patterns) {
      if (pattern.is_object()) default_member(pattern, "status", "True");
    }
  }
}

// SetDefaults_Job (pkg/apis/batch/v1/defaults.go).
void default_job_spec(json& spec) {
  bool completions_unset = !spec.contains("completions") || spec["completions"].is_null();
  bool parallelism_unset = !spec.contains("parallelism") || spec["parallelism"].is_null();
  if (completions_unset && parallelism_unset) {
    spec["completions"] = 1;
    spec["parallelism"] = 1;
  } else if (parallelism_unset) {
    spec["parallelism"] = 1;
  }
  bool per_index = spec.contains("backoffLimitPerIndex") && !spec["backoffLimitPerIndex"].is_null();
  default_member(spec, "backoffLimit",
                 per_index ? kDefaultBackoffLimitPerIndex : kDefaultBackoffLimit);
  default_member(spec, "completionMode", "NonIndexed");
  default_member(spec, "suspend", false);
  default_member(spec, "manualSelector", false);
  bool has_pod_failure_policy =
      spec.contains("podFailurePolicy") && !spec["podFailurePolicy"].is_null();
  default_member(spec, "podReplacementPolicy",
                 has_pod_failure_policy ? "Failed" : "TerminatingOrFailed");
  default_pod_failure_policy(spec);
}

}  // namespace

json apply_defaults(const json& object) {
  json out = object;
  if (!out.is_object()) return out;
  if (is_job(out)) {
    json* spec = object_member(out, "spec");
    if (spec == nullptr) return out;
    default_job_spec(*spec);
    default_pod_template(*spec);
  } else if (is_cronjob(out)) {
    json* spec = object_member(out, "spec");
    if (spec == nullptr) return out;
    default_member(*spec, "concurrencyPolicy", "Allow");
    default_member(*spec, "suspend", false);
    default_member(*spec, "successfulJobsHistoryLimit", kDefaultSuccessfulJobsHistoryLimit);
    default_member(*spec, "failedJobsHistoryLimit", kDefaultFailedJobsHistoryLimit);
    // Only the pod-template defaulters reach into the jobTemplate (reference §1.1).
    json* job_template = existing_object(*spec, "jobTemplate");
    if (job_template == nullptr) return out;
    json* job_spec = existing_object(*job_template, "spec");
    if (job_spec == nullptr) return out;
    default_pod_failure_policy(*job_spec);
    default_pod_template(*job_spec);
  }
  return out;
}

}  // namespace jobwarden::k8s
