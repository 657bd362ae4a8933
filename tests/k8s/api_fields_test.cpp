#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "rules/k8s/api_fields.hpp"

using namespace jobwarden::k8s::api;

TEST_CASE("same_name compares every byte at each length its word loads cover",
          "[k8s][api-fields]") {
  for (std::size_t n = 0; n <= 24; ++n) {
    std::string a(n, 'x');
    for (std::size_t i = 0; i < n; ++i) a[i] = static_cast<char>('a' + i);
    CHECK(same_name(a, std::string(a)));
    CHECK_FALSE(same_name(a, a + "z"));
    for (std::size_t i = 0; i < n; ++i) {
      std::string b = a;
      b[i] = 'Z';  // a difference at each position, the middle ones included
      CHECK_FALSE(same_name(a, b));
    }
  }
}

TEST_CASE("find_slot tells field names apart by every byte, past the words a slot holds",
          "[k8s][api-fields]") {
  const jobwarden::core::KubeVersion last{1, kLastMinor};
  std::size_t longest = 0;
  for (const char* type_name : {"V1PodSpec", "V1Container", "V1JobSpec"}) {
    const TypeIndex* type = find_type(type_name, last);
    REQUIRE(type != nullptr);
    for (std::string_view name : field_names(type_name, last)) {
      longest = std::max(longest, name.size());
      const TypeIndex::Slot* found = find_slot(*type, name);
      REQUIRE(found != nullptr);
      CHECK(found->name() == name);
      for (std::size_t i = 0; i < name.size(); ++i) {
        std::string changed(name);
        changed[i] = changed[i] == 'Z' ? 'Y' : 'Z';
        // Either no field, or the field spelled so (a changed byte can make another name).
        const TypeIndex::Slot* other = find_slot(*type, changed);
        if (other != nullptr) CHECK(other->name() == changed);
      }
      const std::string longer = std::string(name) + "s";
      const TypeIndex::Slot* plural = find_slot(*type, longer);
      if (plural != nullptr) CHECK(plural->name() == longer);
    }
  }
  CHECK(longest > 16);  // names longer than a slot's two words were among them
}

TEST_CASE("find_member finds the fields of a type at its version, and only those",
          "[k8s][api-fields]") {
  const jobwarden::core::KubeVersion last{1, kLastMinor};
  const TypeIndex* spec = find_type("V1JobSpec", last);
  REQUIRE(spec != nullptr);
  CHECK(find_type("V1NoSuchType", last) == nullptr);
  const Member parallelism = find_member(*spec, "parallelism");
  REQUIRE(parallelism.field != nullptr);
  CHECK(parallelism.field->name == "parallelism");
  CHECK(find_member(*spec, "parallelisn").field == nullptr);  // same length
  CHECK(find_member(*spec, "paralelism").field == nullptr);
  CHECK(find_member(*spec, "").field == nullptr);
  // The type of a member's value is the same type at the same version.
  const Member pod_template = find_member(*spec, "template");
  REQUIRE(pod_template.field != nullptr);
  CHECK(pod_template.type == find_type("V1PodTemplateSpec", last));
  CHECK(pod_template.type != find_type("V1PodTemplateSpec", {1, kFirstMinor}));
  // A field that came later (scheduling, in 1.37) is absent before its first version, and
  // targets outside the table use its nearest version.
  const Member scheduling = find_member(*spec, "scheduling");
  REQUIRE(scheduling.field != nullptr);
  const int since = scheduling.field->since;
  REQUIRE(since > kFirstMinor);
  CHECK(find_member(*find_type("V1JobSpec", {1, since - 1}), "scheduling").field == nullptr);
  CHECK(find_member(*find_type("V1JobSpec", {1, since}), "scheduling").field == scheduling.field);
  CHECK(find_type("V1JobSpec", {1, kLastMinor + 5}) == spec);
  CHECK(find_member(*find_type("V1JobSpec", {1, 20}), "scheduling").field == nullptr);
  // At every version every field of every type that has it is found, and only as a row of
  // that version.
  for (int minor = kFirstMinor; minor <= kLastMinor; ++minor) {
    for (const TypeFields& type : all_types()) {
      const TypeIndex* index = find_type(type.name, {1, minor});
      REQUIRE(index != nullptr);
      for (const Field& field : type.fields) {
        const Field* found = find_member(*index, field.name).field;
        if (field.since <= minor && minor <= field.until) CHECK(found != nullptr);
        if (found != nullptr) CHECK((found->since <= minor && minor <= found->until));
      }
    }
  }
}
