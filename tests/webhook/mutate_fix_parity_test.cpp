// /mutate over TLS gives the object `lint --fix` writes, for every rule fixture.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "rules/core/loader.hpp"
#include "rules/engine/fixer.hpp"
#include "rules/k8s/workload.hpp"
#include "tests/webhook/server_harness.hpp"
#include "webhook/admission.hpp"

// json, fs and the chrono literals come with the harness's namespace.
using namespace jobwarden::testing;

TEST_CASE("fix parity through the real endpoint: /mutate patch == lint --fix, every fixture",
          "[webhook][tls][fix]") {
  // For every rule fixture folder (with its config), each Job/CronJob document of every bad file
  // is sent to /mutate over TLS; the returned patch applied to the object must give exactly the
  // object `lint --fix` writes for that document. CronJob-owned Jobs take the webhook's fast path
  // (allowed untouched, by design), so they are left out.
  namespace core = jobwarden::core;
  namespace k8s = jobwarden::k8s;
  const fs::path root = fs::path(JOBWARDEN_SOURCE_DIR) / "tests" / "rules";
  std::size_t compared = 0;
  for (const auto& folder : fs::directory_iterator(root)) {
    if (!folder.is_directory()) continue;
    const fs::path config_file = folder.path() / "config.yaml";
    const std::string config_text = fs::exists(config_file) ? read_file(config_file.string()) : "";
    Harness h(config_text);
    core::ConfigResult config =
        core::parse_config(core::source_from_text("config.yaml", config_text));
    REQUIRE_FALSE(config.error.has_value());
    const core::Engine engine(config.config);
    TlsClient client(h.ca());
    REQUIRE(!client.connect(h.port()));
    for (const auto& entry : fs::directory_iterator(folder.path())) {
      const std::string name = entry.path().filename().string();
      if (name.rfind("bad", 0) != 0 || !name.ends_with(".yaml") || name.ends_with(".fixed.yaml")) {
        continue;
      }
      const std::string text = read_file(entry.path().string());
      core::FileFix fixed = core::fix_source(core::source_from_text(name, text), engine);
      REQUIRE_FALSE(fixed.error.has_value());
      std::vector<json> before, after;
      core::parse_documents(
          core::source_from_text(name, text),
          [&](std::shared_ptr<const core::Document> d) { before.push_back(d->value); });
      core::parse_documents(
          core::source_from_text(name, fixed.text),
          [&](std::shared_ptr<const core::Document> d) { after.push_back(d->value); });
      REQUIRE(before.size() == after.size());
      for (std::size_t i = 0; i < before.size(); ++i) {
        if (!core::Engine::is_checked_kind(before[i]) || k8s::is_owned_by_cronjob(before[i])) {
          continue;
        }
        INFO(folder.path().filename().string() << "/" << name << " document " << i + 1);
        json response = call(client, "/mutate", review("CREATE", before[i]));
        REQUIRE(response["response"]["allowed"] == true);
        json mutated = before[i];
        if (response["response"].contains("patch")) {
          auto patch =
              jobwarden::webhook::base64_decode(response["response"]["patch"].get<std::string>());
          REQUIRE(patch);
          mutated = before[i].patch(json::parse(*patch));
        }
        CHECK(mutated == after[i]);
        ++compared;
      }
    }
  }
  CHECK(compared > 100);
}
