// Golden tests for `lint --fix` over the rule fixtures: for every fixable rule, each
// tests/rules/<rule-id>/bad*.yaml that has a bad*.fixed.yaml beside it must be rewritten to exactly
// that text (byte for byte) when only that rule runs. Every fixable rule needs bad.fixed.yaml.
// JOBWARDEN_UPDATE_FIXTURES=1 rewrites the golden files from the current output; review the diff.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "rules/core/loader.hpp"
#include "rules/core/registry.hpp"
#include "rules/engine/config.hpp"
#include "rules/engine/engine.hpp"
#include "rules/engine/fixer.hpp"
#include "tests/support/rule_fixtures.hpp"

namespace {

namespace fs = std::filesystem;
using jobwarden::testing::folder_config;
using jobwarden::testing::read_file;
using nlohmann::json;
using namespace jobwarden::core;

// The folder's config with every other rule switched off.
Config only_rule(Config config, const std::string& rule_id) {
  for (const Rule& rule : Registry::instance().rules()) {
    if (rule.info.id != rule_id) config.rules[rule.info.id].enabled = false;
  }
  return config;
}

std::vector<fs::path> bad_inputs(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("bad", 0) == 0 && name.ends_with(".yaml") && !name.ends_with(".fixed.yaml")) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

fs::path golden_path(const fs::path& bad) {
  fs::path path = bad;
  path.replace_extension(".fixed.yaml");
  return path;
}

bool update_mode() {
  const char* value = std::getenv("JOBWARDEN_UPDATE_FIXTURES");
  return value != nullptr && std::string(value) == "1";
}

std::vector<json> documents_of(const std::string& name, const std::string& text) {
  std::vector<json> out;
  auto error = parse_documents(source_from_text(name, text),
                               [&](std::shared_ptr<const Document> d) { out.push_back(d->value); });
  INFO(name << ": " << (error ? error->display() : std::string()));
  REQUIRE_FALSE(error.has_value());
  return out;
}

std::size_t fixable_findings(const Engine& engine, const std::string& name,
                             const std::string& text) {
  Report report;
  engine.check_file(source_from_text(name, text), report);
  return static_cast<std::size_t>(std::count_if(report.findings.begin(), report.findings.end(),
                                                [](const Finding& f) { return f.fix.is_array(); }));
}

}  // namespace

TEST_CASE("fix goldens: bad*.yaml is rewritten to bad*.fixed.yaml byte for byte", "[rules][fix]") {
  for (const Rule& rule : Registry::instance().rules()) {
    if (!rule.info.fixable) continue;
    const fs::path dir = fs::path(JOBWARDEN_SOURCE_DIR) / "tests" / "rules" / rule.info.id;
    DYNAMIC_SECTION(rule.info.id << " has bad.fixed.yaml") {
      CHECK((update_mode() || fs::exists(dir / "bad.fixed.yaml")));
    }
    const Engine engine(only_rule(folder_config(dir), rule.info.id));
    for (const auto& bad : bad_inputs(dir)) {
      const fs::path golden = golden_path(bad);
      if (!fs::exists(golden) && !(update_mode() && bad.filename() == "bad.yaml")) continue;
      DYNAMIC_SECTION(rule.info.id << "/" << golden.filename().string()) {
        const std::string name = (fs::path(rule.info.id) / bad.filename()).string();
        FileFix result = fix_source(source_from_text(name, read_file(bad)), engine);
        INFO((result.error ? result.error->display() : std::string()));
        REQUIRE_FALSE(result.error.has_value());
        if (update_mode()) {
          std::ofstream(golden, std::ios::binary) << result.text;
          continue;
        }
        CHECK(result.text == read_file(golden));
        // Idempotent, and nothing fixable is left.
        FileFix again = fix_source(source_from_text(name, result.text), engine);
        REQUIRE_FALSE(again.error.has_value());
        CHECK_FALSE(again.changed());
        CHECK(fixable_findings(engine, name, result.text) == 0);
      }
    }
  }
}

TEST_CASE("fix parity: --fix gives the object the /mutate patch gives, for every fixture",
          "[rules][fix]") {
  const fs::path root = fs::path(JOBWARDEN_SOURCE_DIR) / "tests" / "rules";
  for (const auto& entry : fs::directory_iterator(root)) {
    if (!entry.is_directory()) continue;
    const Config config = folder_config(entry.path());
    const Engine engine(config);
    for (const auto& bad : bad_inputs(entry.path())) {
      const std::string name = (entry.path().filename() / bad.filename()).string();
      DYNAMIC_SECTION(name) {
        const std::string text = read_file(bad);
        FileFix result = fix_source(source_from_text(name, text), engine);
        REQUIRE_FALSE(result.error.has_value());
        std::vector<json> before = documents_of(name, text);
        std::vector<json> after = documents_of(name, result.text);
        REQUIRE(before.size() == after.size());
        for (std::size_t i = 0; i < before.size(); ++i) {
          if (!before[i].is_object()) continue;
          // The webhook's route: fixes on the object, RFC 6902 diff, patch applied by the client.
          std::vector<Manifest> items = manifests_of(std::make_shared<Document>(
              Document{nullptr, i, before[i], SourceMap{}, Position{}, 0, 0}));
          json mutated = before[i];
          for (const Manifest& item : items) {
            json fixed = fixed_object(engine, item);
            json patch = json::diff(item.object(), fixed);
            json patched = item.object().patch(patch);
            if (item.base_pointer().empty()) {
              mutated = patched;
            } else {
              mutated.at(json::json_pointer(item.base_pointer())) = patched;
            }
          }
          INFO("document " << i + 1);
          CHECK(after[i] == mutated);
        }
      }
    }
  }
}
