#include "rules/k8s/api_fields.hpp"

#include <algorithm>
#include <unordered_map>

namespace jobwarden::k8s::api {

namespace {

const TypeFields* find_type(std::string_view type) {
  // Looked up for every object node the unknown-field walk visits: hashed once, not scanned.
  static const std::unordered_map<std::string_view, const TypeFields*> by_name = [] {
    std::unordered_map<std::string_view, const TypeFields*> index;
    for (const TypeFields& entry : all_types()) index.emplace(entry.name, &entry);
    return index;
  }();
  const auto it = by_name.find(type);
  return it == by_name.end() ? nullptr : it->second;
}

bool in_version(const Field& field, int minor) {
  return field.since <= minor && minor <= field.until;
}

}  // namespace

core::KubeVersion described_version(core::KubeVersion target) {
  return {1, std::clamp(target.minor, kFirstMinor, kLastMinor)};
}

const Field* find_field(std::string_view type, std::string_view name, core::KubeVersion target) {
  const TypeFields* entry = find_type(type);
  if (entry == nullptr) return nullptr;
  const int minor = described_version(target).minor;
  for (const Field& field : entry->fields) {
    if (field.name == name && in_version(field, minor)) return &field;
  }
  return nullptr;
}

bool has_type(std::string_view type) {
  return find_type(type) != nullptr;
}

std::vector<std::string_view> field_names(std::string_view type, core::KubeVersion target) {
  std::vector<std::string_view> out;
  const TypeFields* entry = find_type(type);
  if (entry == nullptr) return out;
  const int minor = described_version(target).minor;
  for (const Field& field : entry->fields) {
    if (in_version(field, minor)) out.push_back(field.name);
  }
  return out;
}

}  // namespace jobwarden::k8s::api
