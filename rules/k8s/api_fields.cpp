#include "rules/k8s/api_fields.hpp"

#include <algorithm>
#include <unordered_map>
#include <vector>

namespace jobwarden::k8s::api {

namespace {

// The table indexed once: type name -> (field name -> that name's rows, one per version range).
// The unknown-field walk looks up every key of every object node.
struct TypeIndex {
  const TypeFields* type = nullptr;
  std::unordered_map<std::string_view, std::vector<const Field*>> fields;
};

const std::unordered_map<std::string_view, TypeIndex>& type_index() {
  static const std::unordered_map<std::string_view, TypeIndex> index = [] {
    std::unordered_map<std::string_view, TypeIndex> out;
    for (const TypeFields& entry : all_types()) {
      TypeIndex& type = out[entry.name];
      type.type = &entry;
      for (const Field& field : entry.fields) type.fields[field.name].push_back(&field);
    }
    return out;
  }();
  return index;
}

const TypeIndex* find_type(std::string_view type) {
  const auto& index = type_index();
  const auto it = index.find(type);
  return it == index.end() ? nullptr : &it->second;
}

bool in_version(const Field& field, int minor) {
  return field.since <= minor && minor <= field.until;
}

}  // namespace

core::KubeVersion described_version(core::KubeVersion target) {
  return {1, std::clamp(target.minor, kFirstMinor, kLastMinor)};
}

const Field* find_field(std::string_view type, std::string_view name, core::KubeVersion target) {
  const TypeIndex* entry = find_type(type);
  if (entry == nullptr) return nullptr;
  const auto rows = entry->fields.find(name);
  if (rows == entry->fields.end()) return nullptr;
  const int minor = described_version(target).minor;
  for (const Field* field : rows->second) {
    if (in_version(*field, minor)) return field;
  }
  return nullptr;
}

bool has_type(std::string_view type) {
  return find_type(type) != nullptr;
}

std::vector<std::string_view> field_names(std::string_view type, core::KubeVersion target) {
  std::vector<std::string_view> out;
  const TypeIndex* entry = find_type(type);
  if (entry == nullptr) return out;
  const int minor = described_version(target).minor;
  for (const Field& field : entry->type->fields) {
    if (in_version(field, minor)) out.push_back(field.name);
  }
  return out;
}

}  // namespace jobwarden::k8s::api
