#include "rules/k8s/api_fields.hpp"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace jobwarden::k8s::api {

namespace {

bool in_version(const Field& field, int minor) {
  return field.since <= minor && minor <= field.until;
}

using TypesAtVersion = std::unordered_map<std::string_view, TypeIndex>;

// Every type of the table with the fields it has at `minor`.
TypesAtVersion build_types(int minor) {
  TypesAtVersion out;
  for (const TypeFields& entry : all_types()) {
    TypeIndex& type = out[entry.name];
    type.type = &entry;
    type.minor = minor;
    const auto count = static_cast<std::size_t>(
        std::count_if(entry.fields.begin(), entry.fields.end(),
                      [&](const Field& field) { return in_version(field, minor); }));
    // Open addressing at most half full, so a probe sequence is short.
    std::size_t slots = 4;
    while (slots < 2 * count) slots *= 2;
    type.slots.assign(slots, {});
    type.mask = slots - 1;
    for (const Field& field : entry.fields) {
      if (!in_version(field, minor)) continue;
      std::size_t at = TypeIndex::hash(field.name) & type.mask;
      while (!type.slots[at].name.empty() && type.slots[at].name != field.name) {
        at = (at + 1) & type.mask;
      }
      // A name listed twice for one version keeps its first row, as the table lists them.
      if (type.slots[at].name.empty()) type.slots[at] = {field.name, {&field, nullptr}};
    }
  }
  // Every type is in `out` now (its elements do not move), so each field can point at the type
  // of its value at the same version.
  for (auto& [name, type] : out) {
    for (TypeIndex::Slot& slot : type.slots) {
      if (slot.name.empty()) continue;
      const auto it = out.find(slot.member.field->type);
      slot.member.type = it == out.end() ? nullptr : &it->second;
    }
  }
  return out;
}

// The types at each described version, built at the first look-up at that version (a run
// checks against one or two versions; building all of them would cost start-up time).
const TypesAtVersion& types_at(int minor) {
  struct Versions {
    std::size_t count = static_cast<std::size_t>(kLastMinor - kFirstMinor + 1);
    std::unique_ptr<std::once_flag[]> built = std::make_unique<std::once_flag[]>(count);
    std::vector<TypesAtVersion> types = std::vector<TypesAtVersion>(count);
  };
  static Versions versions;
  const auto at = static_cast<std::size_t>(minor - kFirstMinor);
  std::call_once(versions.built[at], [&] { versions.types[at] = build_types(minor); });
  return versions.types[at];
}

}  // namespace

core::KubeVersion described_version(core::KubeVersion target) {
  return {1, std::clamp(target.minor, kFirstMinor, kLastMinor)};
}

const TypeIndex* find_type(std::string_view type, core::KubeVersion target) {
  const TypesAtVersion& types = types_at(described_version(target).minor);
  const auto it = types.find(type);
  return it == types.end() ? nullptr : &it->second;
}

const Field* find_field(std::string_view type, std::string_view name, core::KubeVersion target) {
  const TypeIndex* entry = find_type(type, target);
  return entry == nullptr ? nullptr : find_member(*entry, name).field;
}

bool has_type(std::string_view type) {
  return find_type(type, {1, kLastMinor}) != nullptr;
}

std::vector<std::string_view> field_names(std::string_view type, core::KubeVersion target) {
  std::vector<std::string_view> out;
  const TypeIndex* entry = find_type(type, target);
  if (entry == nullptr) return out;
  for (const Field& field : entry->type->fields) {
    if (in_version(field, entry->minor)) out.push_back(field.name);
  }
  return out;
}

}  // namespace jobwarden::k8s::api
