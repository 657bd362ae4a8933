#include "rules/k8s/api_fields.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <unordered_map>
#include <vector>

namespace jobwarden::k8s::api {

namespace {

const std::unordered_map<std::string_view, TypeIndex>& type_index() {
  static const std::unordered_map<std::string_view, TypeIndex> index = [] {
    std::unordered_map<std::string_view, TypeIndex> out;
    for (const TypeFields& entry : all_types()) {
      TypeIndex& type = out[entry.name];
      type.type = &entry;
      std::map<std::string_view, std::vector<TypeIndex::Row>> names;
      for (const Field& field : entry.fields) {
        names[field.name].push_back({field.since, field.until, {&field, nullptr}});
      }
      for (auto& [name, rows] : names) type.names.push_back({name, std::move(rows)});
      // Open addressing at most half full, so a probe sequence is short.
      std::size_t slots = 4;
      while (slots < 2 * type.names.size()) slots *= 2;
      type.slots.assign(slots, TypeIndex::kEmpty);
      type.mask = slots - 1;
      for (std::size_t i = 0; i < type.names.size(); ++i) {
        std::size_t at = TypeIndex::hash(type.names[i].name) & type.mask;
        while (type.slots[at] != TypeIndex::kEmpty) at = (at + 1) & type.mask;
        type.slots[at] = static_cast<std::uint16_t>(i);
      }
    }
    // Every type is in `out` now (its elements do not move), so each row can point at the type
    // of its value.
    for (auto& [name, type] : out) {
      for (TypeIndex::Name& entry : type.names) {
        for (TypeIndex::Row& row : entry.rows) {
          const auto it = out.find(row.member.field->type);
          row.member.type = it == out.end() ? nullptr : &it->second;
        }
        entry.single = entry.rows.size() == 1;
        if (entry.single) entry.only = entry.rows.front();
      }
    }
    return out;
  }();
  return index;
}

bool in_version(const Field& field, int minor) {
  return field.since <= minor && minor <= field.until;
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
  return find_member(type, name, described_version(target)).field;
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
