// Data-driven rule tests over tests/rules/<rule-id>/:
//   bad.yaml, bad-<name>.yaml   each with bad*.expected.json: the exact findings of that rule
//                               ([{"rule","severity","line","col","pointer","message"}], in the
//                               engine's sort order)
//   good.yaml                   must produce no finding of that rule
//   config.yaml                 optional .jobwarden.yaml used for every file of the folder
// Set JOBWARDEN_UPDATE_FIXTURES=1 to (re)write the expected files from the current output; review
// the diff before committing it.
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "rules/core/loader.hpp"
#include "rules/core/registry.hpp"
#include "rules/engine/config.hpp"
#include "rules/engine/engine.hpp"
#include "rules/k8s/defaults.hpp"
#include "tests/support/rule_fixtures.hpp"

namespace {

namespace fs = std::filesystem;
using jobwarden::testing::checked_manifests_in;
using jobwarden::testing::folder_config;
using jobwarden::testing::read_file;
using nlohmann::json;
using namespace jobwarden::core;

fs::path fixtures_root() {
  return fs::path(JOBWARDEN_SOURCE_DIR) / "tests" / "rules";
}

std::vector<fs::path> fixture_dirs() {
  std::vector<fs::path> dirs;
  for (const auto& entry : fs::directory_iterator(fixtures_root())) {
    if (entry.is_directory()) dirs.push_back(entry.path());
  }
  std::sort(dirs.begin(), dirs.end());
  return dirs;
}

// bad.yaml first, then bad-*.yaml in name order.
std::vector<fs::path> bad_files(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && name.rfind("bad", 0) == 0 && name.ends_with(".yaml") &&
        !name.ends_with(".fixed.yaml")) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

fs::path expected_path(const fs::path& bad) {
  fs::path path = bad;
  path.replace_extension(".expected.json");
  return path;
}

bool update_mode() {
  const char* value = std::getenv("JOBWARDEN_UPDATE_FIXTURES");
  return value != nullptr && std::string(value) == "1";
}

Report run_text(const Config& config, const std::string& name, std::string text) {
  Engine engine(config);
  Report report;
  engine.check_file(source_from_text(name, std::move(text)), report);
  report.sort();
  return report;
}

Report run_file(const Config& config, const fs::path& path) {
  return run_text(config, path.string(), read_file(path));
}

json findings_of(const Report& report, const std::string& rule_id) {
  json out = json::array();
  for (const Finding& finding : report.findings) {
    if (finding.rule_id != rule_id) continue;
    nlohmann::ordered_json item;
    item["rule"] = finding.rule_id;
    item["severity"] = std::string(to_string(finding.severity));
    item["line"] = finding.pos.line;
    item["col"] = finding.pos.col;
    item["pointer"] = finding.pointer;
    item["message"] = finding.message;
    out.push_back(json::parse(item.dump()));
  }
  return out;
}

// Stable, readable dump in the order the expected files use.
std::string show(const json& findings) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& f : findings) {
    nlohmann::ordered_json item;
    for (const char* key : {"rule", "severity", "line", "col", "pointer", "message"}) {
      if (f.contains(key)) item[key] = f[key];
    }
    out.push_back(item);
  }
  return out.dump(2);
}

std::string load_errors(const Report& report) {
  std::string out;
  for (const auto& error : report.errors) out += error.display() + "\n";
  return out;
}

std::set<std::pair<std::string, std::string>> rule_pointer_set(const Report& report) {
  std::set<std::pair<std::string, std::string>> out;
  for (const auto& finding : report.findings) out.emplace(finding.rule_id, finding.pointer);
  return out;
}

}  // namespace

TEST_CASE("rule fixtures: bad files give exactly the expected findings", "[rules][fixtures]") {
  const auto dirs = fixture_dirs();
  REQUIRE_FALSE(dirs.empty());
  for (const auto& dir : dirs) {
    const std::string rule_id = dir.filename().string();
    DYNAMIC_SECTION(rule_id) {
      {
        INFO("fixture folder " << dir.string() << " must be named after a registered rule");
        REQUIRE(Registry::instance().find(rule_id) != nullptr);
      }
      const Config config = folder_config(dir);
      const auto files = bad_files(dir);
      REQUIRE_FALSE(files.empty());
      for (const auto& bad : files) {
        DYNAMIC_SECTION(bad.filename().string()) {
          const Report report = run_file(config, bad);
          {
            INFO("load errors:\n" << load_errors(report));
            REQUIRE(report.errors.empty());
          }
          const json actual = findings_of(report, rule_id);
          const fs::path expected_file = expected_path(bad);
          if (update_mode()) {
            std::ofstream(expected_file, std::ios::binary) << show(actual) << "\n";
          }
          REQUIRE(fs::exists(expected_file));
          const json expected = json::parse(read_file(expected_file));
          INFO(bad.string() << "\nexpected:\n" << show(expected) << "\nactual:\n" << show(actual));
          CHECK(actual == expected);
          CHECK_FALSE(actual.empty());
        }
      }
    }
  }
}

TEST_CASE("rule fixtures: good files give no finding of their rule", "[rules][fixtures]") {
  for (const auto& dir : fixture_dirs()) {
    const std::string rule_id = dir.filename().string();
    const fs::path good = dir / "good.yaml";
    DYNAMIC_SECTION(rule_id << "/good.yaml") {
      REQUIRE(fs::exists(good));
      const Report report = run_file(folder_config(dir), good);
      {
        INFO("load errors:\n" << load_errors(report));
        REQUIRE(report.errors.empty());
      }
      CHECK(report.objects_checked > 0);
      const json actual = findings_of(report, rule_id);
      INFO(good.string() << "\nunexpected findings:\n" << show(actual));
      CHECK(actual.empty());
    }
  }
}

// Hints read the same in every output (text, JSON, webhook): one or more sentences, capitalised,
// ending with a full stop, like the remediations they default to.
TEST_CASE("rule fixtures: every hint is a capitalised sentence", "[rules][fixtures]") {
  std::set<std::string> offending;
  for (const auto& dir : fixture_dirs()) {
    for (const auto& bad : bad_files(dir)) {
      for (const auto& finding : run_file(folder_config(dir), bad).findings) {
        const std::string& hint = finding.hint;
        if (hint.empty() || !std::isupper(static_cast<unsigned char>(hint.front())) ||
            hint.back() != '.') {
          offending.insert(finding.rule_id + ": " + hint);
        }
      }
    }
  }
  for (const Rule& rule : Registry::instance().rules()) {
    const std::string& remediation = rule.info.remediation;
    if (remediation.empty() || !std::isupper(static_cast<unsigned char>(remediation.front())) ||
        remediation.back() != '.') {
      offending.insert(rule.info.id + " (remediation): " + remediation);
    }
  }
  std::string listed;
  for (const auto& line : offending) listed += line + "\n";
  INFO(listed);
  CHECK(offending.empty());
}

TEST_CASE("every registered rule has a fixture folder", "[rules][fixtures]") {
  const auto& rules = Registry::instance().rules();
  REQUIRE(rules.size() >= 12);
  for (const Rule& rule : rules) {
    const fs::path dir = fixtures_root() / rule.info.id;
    DYNAMIC_SECTION(rule.info.id) {
      CHECK(fs::is_regular_file(dir / "bad.yaml"));
      CHECK(fs::is_regular_file(dir / "bad.expected.json"));
      CHECK(fs::is_regular_file(dir / "good.yaml"));
    }
  }
}

TEST_CASE("the same finding whether the Job is YAML, JSON or inside a List", "[rules][fixtures]") {
  const fs::path yaml_path = fixtures_root() / "job-restart-policy-always" / "bad.yaml";
  const std::string yaml_text = read_file(yaml_path);
  const Config config;

  std::vector<json> objects;
  auto error = parse_documents(
      source_from_text(yaml_path.string(), yaml_text),
      [&](std::shared_ptr<const Document> document) { objects.push_back(document->value); });
  REQUIRE_FALSE(error.has_value());
  REQUIRE(objects.size() == 1);

  const Report from_yaml = run_text(config, "job.yaml", yaml_text);
  const Report from_json = run_text(config, "job.json", objects[0].dump(2));
  const json list = {{"apiVersion", "v1"}, {"kind", "List"}, {"items", json::array({objects[0]})}};
  const Report from_list = run_text(config, "list.json", list.dump(2));
  const Report from_yaml_list = run_text(
      config, "list.yaml", "apiVersion: v1\nkind: List\nitems:\n- " + objects[0].dump() + "\n");

  for (const Report* report : {&from_yaml, &from_json, &from_list, &from_yaml_list}) {
    INFO(load_errors(*report));
    REQUIRE(report->errors.empty());
    REQUIRE(report->objects_checked == 1);
  }
  const auto expected = rule_pointer_set(from_yaml);
  // The fixture must exercise several rules for this to mean something.
  CHECK(expected.count({"job-restart-policy-always", "/spec/template/spec"}) == 1);
  CHECK(expected.size() >= 4);
  CHECK(rule_pointer_set(from_json) == expected);
  CHECK(rule_pointer_set(from_list) == expected);
  CHECK(rule_pointer_set(from_yaml_list) == expected);

  // List items carry their base pointer, and positions are known in both file formats.
  for (const auto& finding : from_list.findings) {
    CHECK(finding.base_pointer == "/items/0");
    CHECK(finding.pos.known());
  }
  for (const auto& finding : from_json.findings) CHECK(finding.pos.known());
}

namespace {

std::multiset<std::string> rule_ids(const std::vector<Finding>& findings) {
  std::multiset<std::string> out;
  for (const auto& finding : findings) out.insert(finding.rule_id);
  return out;
}

std::vector<fs::path> all_fixture_files(const fs::path& dir) {
  auto files = bad_files(dir);
  files.push_back(dir / "good.yaml");
  return files;
}

}  // namespace

TEST_CASE("rule fixtures: the defaulted object (webhook view) gets the same verdict",
          "[rules][fixtures]") {
  for (const auto& dir : fixture_dirs()) {
    const Config config = folder_config(dir);
    const Engine engine(config);
    for (const auto& path : all_fixture_files(dir)) {
      DYNAMIC_SECTION(dir.filename().string() << "/" << path.filename().string()) {
        for (const Manifest& manifest : checked_manifests_in(path)) {
          std::vector<Finding> from_file;
          std::vector<Finding> from_webhook;
          engine.check(manifest, from_file);
          engine.check(Manifest::from_object(jobwarden::k8s::apply_defaults(manifest.object())),
                       from_webhook);
          INFO(manifest.ref().display());
          CHECK(rule_ids(from_webhook) == rule_ids(from_file));
        }
      }
    }
  }
}

TEST_CASE("rule fixtures: applying a rule's fixes makes its fixed findings go away",
          "[rules][fixtures]") {
  for (const auto& dir : fixture_dirs()) {
    const Config config = folder_config(dir);
    const Engine engine(config);
    const std::string rule_id = dir.filename().string();
    for (const auto& path : bad_files(dir)) {
      DYNAMIC_SECTION(rule_id << "/" << path.filename().string()) {
        for (const Manifest& manifest : checked_manifests_in(path)) {
          std::vector<Finding> before;
          engine.check(manifest, before);
          std::vector<Finding> mine;
          std::size_t unfixable = 0;
          for (const auto& finding : before) {
            if (finding.rule_id != rule_id) continue;
            if (finding.fix.is_array()) {
              mine.push_back(finding);
            } else {
              ++unfixable;
            }
          }
          const Rule* rule = Registry::instance().find(rule_id);
          REQUIRE(rule != nullptr);
          if (!rule->info.fixable) {
            CHECK(mine.empty());
            continue;
          }
          const json fixed = apply_fixes(manifest.object(), mine);
          std::vector<Finding> after;
          engine.check(Manifest::from_object(fixed), after);
          INFO(manifest.ref().display() << " fixed:\n" << fixed.dump(2));
          CHECK(rule_ids(after).count(rule_id) == unfixable);
        }
      }
    }
  }
}

TEST_CASE("job-restart-policy-always fixes an explicit Always only with fixAlways",
          "[rules][fixtures]") {
  const json job = json::parse(R"({"apiVersion": "batch/v1", "kind": "Job",
    "metadata": {"name": "always"},
    "spec": {"template": {"spec": {"restartPolicy": "Always",
      "containers": [{"name": "main", "image": "busybox:1.36"}]}}}})");
  const auto fix_of = [&](const Config& config) {
    std::vector<Finding> findings;
    Engine(config).check(Manifest::from_object(job), findings);
    json fix = "no finding";
    for (const auto& finding : findings) {
      if (finding.rule_id == "job-restart-policy-always") fix = finding.fix;
    }
    return fix;
  };
  CHECK(fix_of(Config{}) == nullptr);
  const Config with_option =
      folder_config(fixtures_root() / "job-restart-policy-always");  // fixAlways: true
  CHECK(fix_of(with_option) ==
        json::parse(R"([{"op": "add", "path": "/spec/template/spec/restartPolicy",
                         "value": "Never"}])"));
}
