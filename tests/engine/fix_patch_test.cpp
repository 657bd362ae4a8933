// fix_patch (the mutating webhook's patch) must equal json::diff of the object and
// apply_fixes' result, op for op, while it only walks the members the fixes touch.
#include <filesystem>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "rules/engine/engine.hpp"
#include "tests/support/rule_fixtures.hpp"

namespace {

namespace fs = std::filesystem;
using jobwarden::testing::checked_manifests_in;
using jobwarden::testing::folder_config;
using jobwarden::testing::manifest_files;
using nlohmann::json;
using namespace jobwarden::core;

std::vector<const Finding*> pointers(const std::vector<Finding>& findings) {
  std::vector<const Finding*> out;
  for (const Finding& finding : findings) out.push_back(&finding);
  return out;
}

Finding with_fix(const char* fix) {
  Finding finding;
  finding.fix = json::parse(fix);
  return finding;
}

}  // namespace

TEST_CASE("fix_patch equals json::diff of apply_fixes over every fixture and example",
          "[engine][fixes]") {
  const fs::path root(JOBWARDEN_SOURCE_DIR);
  std::vector<fs::path> files = manifest_files(root / "tests" / "rules");
  for (const fs::path& example : manifest_files(root / "examples")) files.push_back(example);
  REQUIRE(files.size() > 100);
  std::size_t patched = 0;
  for (const fs::path& path : files) {
    const Engine engine(path.parent_path().parent_path() == root / "tests" / "rules"
                            ? folder_config(path.parent_path())
                            : Config{});
    for (const Manifest& manifest : checked_manifests_in(path)) {
      std::vector<Finding> findings;
      engine.check(manifest, findings);
      const json expected = json::diff(manifest.object(), apply_fixes(manifest.object(), findings));
      INFO(path.string() << " " << manifest.ref().display());
      CHECK(fix_patch(manifest.object(), pointers(findings)) == expected);
      if (!expected.empty()) ++patched;
    }
  }
  WARN(patched << " manifests patched, over " << files.size() << " files");
  CHECK(patched > 100);
}

TEST_CASE("fix_patch: arrays, removals, escaped keys, skipped and multi-op fixes",
          "[engine][fixes]") {
  const json object = json::parse(R"({"metadata": {"name": "x", "labels": {"a/b": "1", "c~d": "2"}},
    "spec": {"parallelism": 5, "items": [1, 2, 3], "template": null, "keep": {"deep": [1]}}})");
  std::vector<Finding> findings = {
      with_fix(R"([{"op":"add","path":"/spec/items/1","value":9}])"),
      with_fix(R"([{"op":"remove","path":"/metadata/labels/a~1b"}])"),
      with_fix(R"([{"op":"replace","path":"/metadata/labels/c~0d","value":"3"}])"),
      with_fix(R"([{"op":"add","path":"/spec/template/spec/restartPolicy","value":"Never"}])"),
      with_fix(R"([{"op":"remove","path":"/spec/nothing"}])"),  // does not apply: skipped
      // The second op fails, so the first one must not stay either.
      with_fix(R"([{"op":"replace","path":"/spec/parallelism","value":1},
                   {"op":"remove","path":"/spec/missing"}])"),
      with_fix(R"([{"op":"move","from":"/spec/keep","path":"/spec/kept"}])"),
      with_fix(R"([{"op":"add","path":"/status/new/leaf","value":{"x":[1]}}])"),
  };
  const json fixed = apply_fixes(object, findings);
  CHECK(fixed == json::parse(R"({"metadata": {"name": "x", "labels": {"c~d": "3"}},
    "spec": {"parallelism": 5, "items": [1, 9, 2, 3], "template": {"spec": {"restartPolicy": "Never"}},
             "kept": {"deep": [1]}},
    "status": {"new": {"leaf": {"x": [1]}}}})"));
  const json patch = fix_patch(object, pointers(findings));
  CHECK(patch == json::diff(object, fixed));
  CHECK(patch == json::parse(R"([
    {"op":"remove","path":"/metadata/labels/a~1b"},
    {"op":"replace","path":"/metadata/labels/c~0d","value":"3"},
    {"op":"replace","path":"/spec/items/1","value":9},
    {"op":"replace","path":"/spec/items/2","value":2},
    {"op":"add","path":"/spec/items/-","value":3},
    {"op":"remove","path":"/spec/keep"},
    {"op":"replace","path":"/spec/template","value":{"spec":{"restartPolicy":"Never"}}},
    {"op":"add","path":"/spec/kept","value":{"deep":[1]}},
    {"op":"add","path":"/status","value":{"new":{"leaf":{"x":[1]}}}}])"));
  CHECK(fix_patch(object, {}) == json::array());
  const Finding skipped = with_fix(R"([{"op":"remove","path":"/spec/nothing"}])");
  CHECK(fix_patch(object, {&skipped}) == json::array());
}

TEST_CASE("fix_patch: copy and test ops read only their own paths, as on the whole object",
          "[engine][fixes]") {
  // The fixes run on a copy of the touched paths alone; ops that read (copy's from, test's
  // value) and a test that fails must come out as they do on the whole object.
  const json object = json::parse(R"({"metadata": {"name": "x", "labels": {"app": "pi"}},
    "spec": {"parallelism": 2, "completions": 4, "template": {"spec": {"containers": [{}]}}}})");
  const std::vector<Finding> findings = {
      with_fix(R"([{"op":"copy","from":"/metadata/name","path":"/metadata/labels/name"}])"),
      with_fix(R"([{"op":"test","path":"/spec/parallelism","value":2},
                   {"op":"replace","path":"/spec/parallelism","value":1}])"),
      with_fix(R"([{"op":"test","path":"/spec/completions","value":5},
                   {"op":"remove","path":"/spec/completions"}])"),  // the test fails: skipped
      with_fix(R"([{"op":"add","path":"/spec/template/spec/restartPolicy","value":"Never"}])"),
  };
  std::vector<const Finding*> pointers;
  for (const Finding& finding : findings) pointers.push_back(&finding);
  const json patch = fix_patch(object, pointers);
  CHECK(patch == json::diff(object, apply_fixes(object, findings)));
  CHECK(patch == json::parse(R"([
    {"op":"add","path":"/metadata/labels/name","value":"x"},
    {"op":"replace","path":"/spec/parallelism","value":1},
    {"op":"add","path":"/spec/template/spec/restartPolicy","value":"Never"}])"));
}
