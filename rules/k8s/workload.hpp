#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

// Navigation over Job and CronJob objects, so a rule is written once and fires at /spec/... for
// a Job and at /spec/jobTemplate/spec/... for a CronJob. Every helper tolerates wrong types:
// a field of the wrong JSON type is treated as absent (the field-type rule reports it).
namespace jobwarden::k8s {

// A place in the object: `pointer` is always set (where the node is or would be);
// `value` is null when the node is absent or not of the expected type.
struct Node {
  const nlohmann::json* value = nullptr;
  std::string pointer;

  explicit operator bool() const { return value != nullptr; }
  const nlohmann::json& operator*() const { return *value; }
  const nlohmann::json* operator->() const { return value; }
  // The child `key` of an object node (value null when absent / not an object).
  Node child(std::string_view key) const;
  // Pointer of a child that may not exist: "<pointer>/<key>".
  std::string child_pointer(std::string_view key) const;
  // Where to report about `key`: child_pointer(key) when it is set (has), else this node's.
  std::string pointer_of(std::string_view key) const;
};

bool is_job(const nlohmann::json& object);
bool is_cronjob(const nlohmann::json& object);

// The object itself (pointer ""; value null unless it is a JSON object).
Node root(const nlohmann::json& object);
// The object's own /spec: the JobSpec of a Job, the CronJobSpec of a CronJob.
Node object_spec(const nlohmann::json& object);

// The JobSpec: /spec (Job) or /spec/jobTemplate/spec (CronJob). Value null if missing.
Node job_spec(const nlohmann::json& object);
// The metadata that labels/annotations of created Jobs come from: /metadata for a Job,
// /spec/jobTemplate/metadata for a CronJob.
Node job_metadata(const nlohmann::json& object);
// <job_spec>/template and <job_spec>/template/spec.
Node pod_template(const nlohmann::json& object);
Node pod_spec(const nlohmann::json& object);
// pod_spec's value without its pointer string, for rules that read and never report there.
const nlohmann::json* pod_spec_object(const nlohmann::json& object);
// <pod_spec>/containers/N (and /initContainers/N when asked); only object entries.
std::vector<Node> containers(const nlohmann::json& object);
std::vector<Node> init_containers(const nlohmann::json& object);

// A container as messages name it: `init container "setup"`, `container "main"`, or
// `container 0` (its index) when it has no name.
struct NamedContainer {
  Node node;
  std::string label;
};
// Every container of the pod template, init containers first (unless with_init is false).
std::vector<NamedContainer> named_containers(const nlohmann::json& object, bool with_init = true);

// The member `key` of an object node (any type, null included); nullptr when absent.
const nlohmann::json* member(const Node& parent, std::string_view key);
// Typed field reads from an object node; nullopt when absent or of another JSON type.
std::optional<std::int64_t> get_int(const Node& parent, std::string_view key);
std::optional<std::string> get_string(const Node& parent, std::string_view key);
// get_string without the copy: the string inside the object, valid while the object is.
const std::string* string_member(const Node& parent, std::string_view key);
std::optional<bool> get_bool(const Node& parent, std::string_view key);
bool has(const Node& parent, std::string_view key);  // present and not null

// A work-queue Job: completions unset and parallelism above 1.
bool is_work_queue(const Node& job_spec);

// Jobs created by a CronJob: an ownerReference of kind CronJob with controller: true.
bool is_owned_by_cronjob(const nlohmann::json& object);

}  // namespace jobwarden::k8s
