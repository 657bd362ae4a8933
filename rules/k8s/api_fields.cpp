#include "rules/k8s/api_fields.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <vector>

namespace jobwarden::k8s::api {

// The table indexed once: type name -> its field names in ascending order, each with its rows
// (one per version range).
struct TypeIndex {
  struct Name {
    std::string_view name;
    std::vector<const Field*> rows;
  };
  const TypeFields* type = nullptr;
  std::vector<Name> names;
};

namespace {

const std::unordered_map<std::string_view, TypeIndex>& type_index() {
  static const std::unordered_map<std::string_view, TypeIndex> index = [] {
    std::unordered_map<std::string_view, TypeIndex> out;
    for (const TypeFields& entry : all_types()) {
      TypeIndex& type = out[entry.name];
      type.type = &entry;
      std::map<std::string_view, std::vector<const Field*>> names;
      for (const Field& field : entry.fields) names[field.name].push_back(&field);
      for (auto& [name, rows] : names) type.names.push_back({name, std::move(rows)});
    }
    return out;
  }();
  return index;
}

bool in_version(const Field& field, int minor) {
  return field.since <= minor && minor <= field.until;
}

// The row of `names[at..]` for `name` in the version, and where the search stopped.
const Field* find_from(const TypeIndex& type, std::size_t& at, std::string_view name, int minor) {
  // Field names mostly differ in their first character: decide on it without a memcmp call.
  const auto less = [](const TypeIndex::Name& entry, std::string_view key) {
    if (!entry.name.empty() && !key.empty() && entry.name[0] != key[0]) {
      return static_cast<unsigned char>(entry.name[0]) < static_cast<unsigned char>(key[0]);
    }
    return entry.name < key;
  };
  const auto it = std::lower_bound(type.names.begin() + static_cast<std::ptrdiff_t>(at),
                                   type.names.end(), name, less);
  at = static_cast<std::size_t>(it - type.names.begin());
  if (it == type.names.end() || it->name != name) return nullptr;
  for (const Field* field : it->rows) {
    if (in_version(*field, minor)) return field;
  }
  return nullptr;
}

}  // namespace

core::KubeVersion described_version(core::KubeVersion target) {
  return {1, std::clamp(target.minor, kFirstMinor, kLastMinor)};
}

const TypeIndex* find_type(std::string_view type) {
  const auto& index = type_index();
  const auto it = index.find(type);
  return it == index.end() ? nullptr : &it->second;
}

const Field* find_field(std::string_view type, std::string_view name, core::KubeVersion target) {
  const TypeIndex* entry = find_type(type);
  return entry == nullptr ? nullptr : find_field(*entry, name, target);
}

const Field* find_field(const TypeIndex& type, std::string_view name, core::KubeVersion target) {
  std::size_t at = 0;
  return find_from(type, at, name, described_version(target).minor);
}

FieldCursor::FieldCursor(const TypeIndex& type, core::KubeVersion target)
    : type_(type), minor_(described_version(target).minor) {}

const Field* FieldCursor::next(std::string_view name) {
  return find_from(type_, at_, name, minor_);
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
