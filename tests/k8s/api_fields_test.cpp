#include <catch2/catch.hpp>

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

TEST_CASE("find_member finds the fields of a type at its version, and only those",
          "[k8s][api-fields]") {
  const TypeIndex* spec = find_type("V1JobSpec");
  REQUIRE(spec != nullptr);
  const jobwarden::core::KubeVersion described = described_version({1, kLastMinor});
  const Member parallelism = find_member(*spec, "parallelism", described);
  REQUIRE(parallelism.field != nullptr);
  CHECK(parallelism.field->name == "parallelism");
  CHECK(find_member(*spec, "parallelisn", described).field == nullptr);  // same length
  CHECK(find_member(*spec, "paralelism", described).field == nullptr);
  CHECK(find_member(*spec, "", described).field == nullptr);
  const Member pod_template = find_member(*spec, "template", described);
  REQUIRE(pod_template.field != nullptr);
  CHECK(pod_template.type == find_type("V1PodTemplateSpec"));
  // A field that came later (scheduling, in 1.37) is absent before its first version.
  const Member scheduling = find_member(*spec, "scheduling", described);
  REQUIRE(scheduling.field != nullptr);
  REQUIRE(scheduling.field->since > kFirstMinor);
  CHECK(find_member(*spec, "scheduling", {1, scheduling.field->since - 1}).field == nullptr);
  CHECK(find_member(*spec, "scheduling", {1, scheduling.field->since}).field != nullptr);
}
