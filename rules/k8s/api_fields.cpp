#include "rules/k8s/api_fields.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <unordered_map>
#include <vector>

namespace jobwarden::k8s::api {

// The table indexed once: type name -> its field names in ascending order, each with its rows
// (one per version range), and where the names of each first character begin, so that a lookup
// (the unknown-field walk does one per key of every object node) compares a few lengths and
// one string instead of hashing the key.
struct TypeIndex {
  struct Name {
    std::string_view name;
    std::vector<const Field*> rows;
  };
  const TypeFields* type = nullptr;
  std::vector<Name> names;
  std::array<std::uint16_t, 257> first_char_start{};  // names[start[c] .. start[c + 1])
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
      // std::map orders string_views by unsigned bytes, so each first character is one run.
      std::size_t at = 0;
      for (std::size_t c = 0; c < 256; ++c) {
        type.first_char_start[c] = static_cast<std::uint16_t>(at);
        while (at < type.names.size() && !type.names[at].name.empty() &&
               static_cast<unsigned char>(type.names[at].name[0]) == c) {
          ++at;
        }
      }
      type.first_char_start[256] = static_cast<std::uint16_t>(at);
    }
    return out;
  }();
  return index;
}

bool in_version(const Field& field, int minor) {
  return field.since <= minor && minor <= field.until;
}

const Field* find_in(const TypeIndex& type, std::string_view name, int minor) {
  if (name.empty()) return nullptr;
  const auto c = static_cast<unsigned char>(name[0]);
  for (std::size_t i = type.first_char_start[c]; i < type.first_char_start[c + 1]; ++i) {
    const TypeIndex::Name& entry = type.names[i];
    if (entry.name.size() != name.size() || entry.name != name) continue;
    for (const Field* field : entry.rows) {
      if (in_version(*field, minor)) return field;
    }
    return nullptr;
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

const TypeIndex* find_type(const Field& field) {
  // Keyed by the row's address: a pointer hash, not a string hash, per node walked into.
  static const std::unordered_map<const Field*, const TypeIndex*> types = [] {
    std::unordered_map<const Field*, const TypeIndex*> out;
    for (const TypeFields& entry : all_types()) {
      for (const Field& field : entry.fields) {
        if (const TypeIndex* type = find_type(field.type)) out.emplace(&field, type);
      }
    }
    return out;
  }();
  const auto it = types.find(&field);
  return it == types.end() ? nullptr : it->second;
}

const Field* find_field(std::string_view type, std::string_view name, core::KubeVersion target) {
  const TypeIndex* entry = find_type(type);
  return entry == nullptr ? nullptr : find_field(*entry, name, target);
}

const Field* find_field(const TypeIndex& type, std::string_view name, core::KubeVersion target) {
  return find_in(type, name, described_version(target).minor);
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
