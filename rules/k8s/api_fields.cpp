#include "rules/k8s/api_fields.hpp"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

namespace jobwarden::k8s::api {

namespace {

bool in_version(const Field& field, int minor) {
  return field.since <= minor && minor <= field.until;
}

// Open-addressing tables at most half full, so a probe sequence is short.
std::size_t table_size(std::size_t entries) {
  std::size_t slots = 4;
  while (slots < 2 * entries) slots *= 2;
  return slots;
}

// Every type of the table at one version, found by name through an open-addressing table
// hashed as field names are (the unknown-field rule looks its root type up for every manifest;
// std::hash and a prime modulus cost more than the whole look-up).
static_assert(sizeof(TypeIndex::Slot) == 40, "a slot is five words");

struct TypesAtVersion {
  static constexpr std::uint16_t kFree = 0xffff;
  std::vector<TypeIndex> types;      // in all_types() order; never grows after the build
  std::vector<std::uint16_t> slots;  // indices into types; kFree ends a probe sequence
  std::size_t mask = 0;

  const TypeIndex* find(std::string_view name) const {
    if (name.empty() || slots.empty()) return nullptr;
    for (std::size_t at = TypeIndex::hash(name) & mask;; at = (at + 1) & mask) {
      if (slots[at] == kFree) return nullptr;
      const TypeIndex& type = types[slots[at]];
      if (same_name(type.type->name, name)) return &type;
    }
  }
};

// Every type of the table with the fields it has at `minor`.
TypesAtVersion build_types(int minor) {
  TypesAtVersion out;
  const auto all = all_types();
  out.types.resize(all.size());
  out.slots.assign(table_size(all.size()), TypesAtVersion::kFree);
  out.mask = out.slots.size() - 1;
  for (std::size_t i = 0; i < all.size(); ++i) {
    const TypeFields& entry = all[i];
    std::size_t at = TypeIndex::hash(entry.name) & out.mask;
    while (out.slots[at] != TypesAtVersion::kFree) at = (at + 1) & out.mask;
    out.slots[at] = static_cast<std::uint16_t>(i);
    TypeIndex& type = out.types[i];
    type.type = &entry;
    type.minor = minor;
    const auto count = static_cast<std::size_t>(
        std::count_if(entry.fields.begin(), entry.fields.end(),
                      [&](const Field& field) { return in_version(field, minor); }));
    type.slots.assign(table_size(count), {});
    type.mask = type.slots.size() - 1;
    for (const Field& field : entry.fields) {
      if (!in_version(field, minor)) continue;
      std::size_t slot = TypeIndex::hash(field.name) & type.mask;
      while (!type.slots[slot].free() && type.slots[slot].name() != field.name) {
        slot = (slot + 1) & type.mask;
      }
      // A name listed twice for one version keeps its first row, as the table lists them.
      if (type.slots[slot].free()) {
        type.slots[slot] = {NameWords::of(field.name),
                            static_cast<std::uint32_t>(field.name.size()),
                            field.kind,
                            field.element,
                            {&field, nullptr}};
      }
    }
  }
  // Every type is in `out` now, so each field can point at the type of its value at the same
  // version.
  for (TypeIndex& type : out.types) {
    for (TypeIndex::Slot& slot : type.slots) {
      if (!slot.free()) slot.member.type = out.find(slot.member.field->type);
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
  return types_at(described_version(target).minor).find(type);
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
