#include "rules/k8s/defaults.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include "rules/core/json_lookup.hpp"
#include "rules/k8s/image.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::k8s {

using nlohmann::json;

namespace {

// Writes the defaults; with a log, records what each write replaced so it can be undone.
class Defaulter {
 public:
  explicit Defaulter(std::vector<core::DefaultedMember>* log) : log_(log) {}

  // Returns the member written.
  json& set(json& object, const char* key, json value) {
    if (object.is_null()) object = json::object();  // as operator[] would
    // One look-up for the log and the write.
    json::object_t& members = object.get_ref<json::object_t&>();
    const auto it = core::member_lower_bound(members, key);
    const bool existed = it != members.end() && it->first == key;
    // Logged before the write, so that undo also covers an insert that throws.
    core::DefaultedMember* logged = nullptr;
    if (log_ != nullptr) {
      logged = &log_->emplace_back(core::DefaultedMember{
          &object, key, existed, existed ? std::move(it->second) : json(), nullptr});
    }
    json* member = nullptr;
    if (existed) {
      it->second = std::move(value);
      member = &it->second;
    } else {
      member = &members.emplace_hint(it, key, std::move(value))->second;
    }
    if (logged != nullptr) logged->member = member;
    return *member;
  }

  // Sets `key` only when it is absent or null, like the generated SetDefaults_* functions.
  void default_member(json& object, const char* key, json value) {
    const json* current = core::find_member(object, key);
    if (current == nullptr || current->is_null()) set(object, key, std::move(value));
  }

  // Returns the object member `key`, creating it when absent/null; nullptr if it has another
  // type.
  json* object_member(json& parent, const char* key) {
    json* current = core::find_member(parent, key);
    if (current == nullptr || current->is_null()) {
      return &set(parent, key, json::object());
    }
    return current->is_object() ? current : nullptr;
  }

  void default_object(json& out) {
    if (!out.is_object()) return;
    if (is_job(out)) {
      json* spec = object_member(out, "spec");
      if (spec == nullptr) return;
      default_job_spec(*spec);
      default_pod_template(*spec);
    } else if (is_cronjob(out)) {
      json* spec = object_member(out, "spec");
      if (spec == nullptr) return;
      default_member(*spec, "concurrencyPolicy", "Allow");
      default_member(*spec, "suspend", false);
      default_member(*spec, "successfulJobsHistoryLimit", kDefaultSuccessfulJobsHistoryLimit);
      default_member(*spec, "failedJobsHistoryLimit", kDefaultFailedJobsHistoryLimit);
      // Only the pod-template defaulters reach into the jobTemplate (reference §1.1).
      json* job_template = existing_object(*spec, "jobTemplate");
      if (job_template == nullptr) return;
      json* job_spec = existing_object(*job_template, "spec");
      if (job_spec == nullptr) return;
      default_pod_failure_policy(*job_spec);
      default_pod_template(*job_spec);
    }
  }

 private:
  static json* existing_object(json& parent, const char* key) {
    json* value = core::find_member(parent, key);
    return value != nullptr && value->is_object() ? value : nullptr;
  }

  static bool set_and_not_null(const json& object, const char* key) {
    const json* value = core::find_member(object, key);
    return value != nullptr && !value->is_null();
  }

  static bool image_has_latest_tag(const std::string& image) {
    // The defaulter looks only at the tag: no tag or ":latest" means Always.
    const ImageTag tag = image_tag(image);
    return tag == ImageTag::none || tag == ImageTag::latest;
  }

  void default_containers(json& pod_spec, const char* key) {
    json* list = core::find_member(pod_spec, key);
    if (list == nullptr || !list->is_array()) return;
    for (auto& container : *list) {
      if (!container.is_object()) continue;
      const json* image = core::find_member(container, "image");
      if (image != nullptr && image->is_string()) {
        default_member(
            container, "imagePullPolicy",
            image_has_latest_tag(image->get_ref<const std::string&>()) ? "Always" : "IfNotPresent");
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
    const json* policy = core::find_member(*pod, "restartPolicy");
    if (policy == nullptr || policy->is_null() ||
        (policy->is_string() && policy->get_ref<const std::string&>().empty())) {
      set(*pod, "restartPolicy", "Always");
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
    const bool completions_unset = !set_and_not_null(spec, "completions");
    const bool parallelism_unset = !set_and_not_null(spec, "parallelism");
    if (completions_unset && parallelism_unset) {
      set(spec, "completions", 1);
      set(spec, "parallelism", 1);
    } else if (parallelism_unset) {
      set(spec, "parallelism", 1);
    }
    default_member(spec, "backoffLimit",
                   set_and_not_null(spec, "backoffLimitPerIndex") ? kDefaultBackoffLimitPerIndex
                                                                  : kDefaultBackoffLimit);
    default_member(spec, "completionMode", "NonIndexed");
    default_member(spec, "suspend", false);
    default_member(spec, "manualSelector", false);
    default_member(spec, "podReplacementPolicy",
                   set_and_not_null(spec, "podFailurePolicy") ? "Failed" : "TerminatingOrFailed");
    default_pod_failure_policy(spec);
  }

  std::vector<core::DefaultedMember>* log_;
};

}  // namespace

json apply_defaults(const json& object) {
  json out = object;
  Defaulter(nullptr).default_object(out);
  return out;
}

ScopedDefaults::ScopedDefaults(json& object) {
  // A Job gets about a dozen defaults: one allocation for the log, not one per doubling. (16
  // entries stay under malloc's 1 KiB large-chunk size, which would consolidate its fast bins.)
  members_.reserve(16);
  try {
    Defaulter(&members_).default_object(object);
  } catch (...) {
    undo();  // the destructor does not run for a constructor that throws
    throw;
  }
}

ScopedDefaults::~ScopedDefaults() {
  undo();
}

void ScopedDefaults::undo() {
  // Newest first: a member created by defaulting is removed after what was set inside it.
  // Each member is found by a look-up without a key string (operator[] and erase(key) would
  // make one from the const char*).
  for (auto change = members_.rbegin(); change != members_.rend(); ++change) {
    if (!change->object->is_object()) continue;
    json::object_t& members = change->object->get_ref<json::object_t&>();
    const auto it = core::member_lower_bound(members, change->key);
    if (it == members.end() || it->first != change->key) continue;
    if (change->existed) {
      it->second = std::move(change->previous);
    } else {
      members.erase(it);
    }
  }
  members_.clear();
}

}  // namespace jobwarden::k8s
