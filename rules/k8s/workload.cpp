#include "rules/k8s/workload.hpp"

#include "rules/core/json_lookup.hpp"
#include "rules/core/json_pointer.hpp"
#include "rules/core/json_text.hpp"

namespace jobwarden::k8s {

using nlohmann::json;

namespace {

Node child_of(const json* parent, const std::string& parent_pointer, std::string_view key) {
  Node node{nullptr, core::join_pointer(parent_pointer, key)};
  if (parent != nullptr) {
    const json* value = core::find_member(*parent, key);
    if (value != nullptr && value->is_object()) node.value = value;
  }
  return node;
}

std::vector<Node> entries(const Node& spec, std::string_view key) {
  std::vector<Node> out;
  const json* list = member(spec, key);
  if (list == nullptr || !list->is_array()) return out;
  out.reserve(list->size());
  const std::string base = core::join_pointer(spec.pointer, key);
  for (std::size_t i = 0; i < list->size(); ++i) {
    if ((*list)[i].is_object()) out.push_back(Node{&(*list)[i], core::join_pointer(base, i)});
  }
  return out;
}

}  // namespace

Node Node::child(std::string_view key) const {
  return child_of(value, pointer, key);
}

std::string Node::child_pointer(std::string_view key) const {
  return core::join_pointer(pointer, key);
}

std::string Node::pointer_of(std::string_view key) const {
  return has(*this, key) ? child_pointer(key) : pointer;
}

namespace {

bool kind_is(const json& object, std::string_view kind) {
  const json* value = core::find_member(object, "kind");
  return value != nullptr && value->is_string() && value->get_ref<const std::string&>() == kind;
}

// The object member `key` of `parent` (when both are objects), as Node::child finds it.
const json* object_child(const json* parent, std::string_view key) {
  if (parent == nullptr) return nullptr;
  const json* value = core::find_member(*parent, key);
  return value != nullptr && value->is_object() ? value : nullptr;
}

// The paths below are walked with object_child and their pointers written out whole: rules call
// these on every check, and child() chains would build every intermediate pointer string.
const json* spec_of(const json& object) {
  return object_child(object.is_object() ? &object : nullptr, "spec");
}
const json* job_spec_of(const json& object, bool cronjob) {
  return cronjob ? object_child(object_child(spec_of(object), "jobTemplate"), "spec")
                 : spec_of(object);
}
const json* pod_spec_of(const json& object, bool cronjob) {
  return object_child(object_child(job_spec_of(object, cronjob), "template"), "spec");
}
std::string_view pod_spec_pointer(bool cronjob) {
  return cronjob ? "/spec/jobTemplate/spec/template/spec" : "/spec/template/spec";
}

}  // namespace

bool is_job(const json& object) {
  return kind_is(object, "Job");
}
bool is_cronjob(const json& object) {
  return kind_is(object, "CronJob");
}

Node root(const json& object) {
  return Node{object.is_object() ? &object : nullptr, ""};
}
Node object_spec(const json& object) {
  return Node{spec_of(object), "/spec"};
}

Node job_spec(const json& object) {
  const bool cronjob = is_cronjob(object);
  return Node{job_spec_of(object, cronjob), cronjob ? "/spec/jobTemplate/spec" : "/spec"};
}

Node job_metadata(const json& object) {
  if (is_cronjob(object)) {
    return Node{object_child(object_child(spec_of(object), "jobTemplate"), "metadata"),
                "/spec/jobTemplate/metadata"};
  }
  return Node{object_child(object.is_object() ? &object : nullptr, "metadata"), "/metadata"};
}

Node pod_template(const json& object) {
  const bool cronjob = is_cronjob(object);
  return Node{object_child(job_spec_of(object, cronjob), "template"),
              cronjob ? "/spec/jobTemplate/spec/template" : "/spec/template"};
}
Node pod_spec(const json& object) {
  const bool cronjob = is_cronjob(object);
  return Node{pod_spec_of(object, cronjob), std::string(pod_spec_pointer(cronjob))};
}
const json* pod_spec_object(const json& object) {
  return pod_spec_of(object, is_cronjob(object));
}

std::vector<Node> containers(const json& object) {
  return entries(pod_spec(object), "containers");
}
std::vector<Node> init_containers(const json& object) {
  return entries(pod_spec(object), "initContainers");
}

std::vector<NamedContainer> named_containers(const json& object, bool with_init) {
  // Six rules call this per object: the lists are found with plain look-ups and each pointer
  // and label is written in one string, with no Nodes or vectors in between.
  const bool cronjob = is_cronjob(object);
  const json* spec = pod_spec_of(object, cronjob);
  std::vector<NamedContainer> named;
  if (spec == nullptr) return named;
  const std::string_view base = pod_spec_pointer(cronjob);
  const auto list_of = [spec](std::string_view key) {
    const json* list = core::find_member(*spec, key);
    return list != nullptr && list->is_array() ? list : nullptr;
  };
  const json* init = with_init ? list_of("initContainers") : nullptr;
  const json* main = list_of("containers");
  named.reserve((init != nullptr ? init->size() : 0) + (main != nullptr ? main->size() : 0));
  const auto add = [&](const json* list, std::string_view key, std::string_view what) {
    if (list == nullptr) return;
    std::size_t index = 0;  // among the object entries, as messages have always counted
    for (std::size_t i = 0; i < list->size(); ++i) {
      const json& entry = (*list)[i];
      if (!entry.is_object()) continue;
      const std::string position = std::to_string(i);
      std::string pointer;
      pointer.reserve(base.size() + key.size() + position.size() + 2);
      pointer.append(base).append(1, '/').append(key).append(1, '/').append(position);
      std::string label(what);
      label += ' ';
      const json* name = core::find_member(entry, "name");
      if (name != nullptr && name->is_string() && !name->get_ref<const std::string&>().empty()) {
        core::append_json_string(label, name->get_ref<const std::string&>());
      } else {
        label += std::to_string(index);
      }
      ++index;
      named.push_back({Node{&entry, std::move(pointer)}, std::move(label)});
    }
  };
  add(init, "initContainers", "init container");
  add(main, "containers", "container");
  return named;
}

const json* member(const Node& parent, std::string_view key) {
  return parent ? core::find_member(*parent, key) : nullptr;
}

std::optional<std::int64_t> get_int(const Node& parent, std::string_view key) {
  const json* value = member(parent, key);
  if (value == nullptr) return std::nullopt;
  if (value->is_number_integer()) {
    if (value->is_number_unsigned() && value->get<std::uint64_t>() > INT64_MAX) return std::nullopt;
    return value->get<std::int64_t>();
  }
  return std::nullopt;
}

const std::string* string_member(const Node& parent, std::string_view key) {
  const json* value = member(parent, key);
  return value != nullptr && value->is_string() ? &value->get_ref<const std::string&>() : nullptr;
}

std::optional<std::string> get_string(const Node& parent, std::string_view key) {
  const std::string* value = string_member(parent, key);
  return value != nullptr ? std::optional<std::string>(*value) : std::nullopt;
}

std::optional<bool> get_bool(const Node& parent, std::string_view key) {
  const json* value = member(parent, key);
  if (value == nullptr || !value->is_boolean()) return std::nullopt;
  return value->get<bool>();
}

bool has(const Node& parent, std::string_view key) {
  const json* value = member(parent, key);
  return value != nullptr && !value->is_null();
}

bool is_work_queue(const Node& job_spec) {
  if (has(job_spec, "completions")) return false;
  return get_int(job_spec, "parallelism").value_or(1) > 1;
}

bool is_owned_by_cronjob(const json& object) {
  if (!object.is_object()) return false;
  auto metadata = object.find("metadata");
  if (metadata == object.end() || !metadata->is_object()) return false;
  auto owners = metadata->find("ownerReferences");
  if (owners == metadata->end() || !owners->is_array()) return false;
  for (const auto& owner : *owners) {
    if (!owner.is_object()) continue;
    auto kind = owner.find("kind");
    auto controller = owner.find("controller");
    if (kind != owner.end() && *kind == "CronJob" && controller != owner.end() &&
        controller->is_boolean() && controller->get<bool>()) {
      return true;
    }
  }
  return false;
}

}  // namespace jobwarden::k8s
