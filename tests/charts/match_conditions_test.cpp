// The chart's matchConditions (CEL the API server runs before calling the webhook) against the
// webhook's own fast path (webhook/handler.cpp skips Jobs a CronJob controls): on every Job and
// CronJob of the rule fixtures, the examples and tests/charts/fixtures, both must skip the same
// Jobs. The CEL runs in @bufbuild/cel (tests/tools, pinned), as rendered by `helm template`.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "rules/core/engine.hpp"
#include "rules/core/json_pointer.hpp"
#include "rules/core/loader.hpp"
#include "rules/core/manifest.hpp"
#include "tests/charts/chart_support.hpp"
#include "tests/support/scratch.hpp"
#include "webhook/admission.hpp"
#include "webhook/handler.hpp"

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

struct Case {
  std::string where;        // file and object name, for messages
  json review;              // the AdmissionReview the API server would send
  std::string expect_skip;  // the fixture's expect-skip annotation, "" when none
};

// Every Job/CronJob (List items included) of every YAML file under `dir`, recursively.
void collect_objects(const fs::path& dir, std::vector<std::pair<std::string, json>>& out) {
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".yaml") continue;
    const std::string path = entry.path().string();
    auto file = jobwarden::core::source_from_text(path, jobwarden::testing::read_file(path));
    std::vector<json> objects;
    auto error = jobwarden::core::parse_documents(
        file, [&](std::shared_ptr<const jobwarden::core::Document> document) {
          for (auto& manifest : jobwarden::core::manifests_of(document)) {
            if (jobwarden::core::Engine::is_checked_kind(manifest.object())) {
              objects.push_back(manifest.object());
            }
          }
        });
    if (error) continue;  // fixtures of loader errors have no object to admit
    for (auto& object : objects) out.emplace_back(path, std::move(object));
  }
}

json admission_review(const json& object, const std::string& operation) {
  const std::string api_version = object.value("apiVersion", "");
  const auto slash = api_version.find('/');
  const std::string group = slash == std::string::npos ? "" : api_version.substr(0, slash);
  const std::string version = api_version.substr(slash == std::string::npos ? 0 : slash + 1);
  const std::string kind = object.value("kind", "");
  const std::string resource = kind == "CronJob" ? "cronjobs" : "jobs";
  const json& metadata = object.contains("metadata") ? object["metadata"] : json::object();
  json gvk = {{"group", group}, {"version", version}, {"kind", kind}};
  json gvr = {{"group", group}, {"version", version}, {"resource", resource}};
  return {
      {"apiVersion", "admission.k8s.io/v1"},
      {"kind", "AdmissionReview"},
      {"request",
       {{"uid", "0a1b2c3d-0000-4000-8000-000000000000"},
        {"kind", gvk},
        {"resource", gvr},
        {"requestKind", gvk},
        {"requestResource", gvr},
        {"name", metadata.is_object() ? metadata.value("name", "") : ""},
        {"namespace", metadata.is_object() ? metadata.value("namespace", "default") : "default"},
        {"operation", operation},
        {"userInfo",
         {{"username", "system:serviceaccount:kube-system:cronjob-controller"},
          {"groups", {"system:serviceaccounts", "system:authenticated"}}}},
        {"object", object},
        {"oldObject", operation == "UPDATE" ? object : json(nullptr)},
        {"dryRun", false}}}};
}

}  // namespace

TEST_CASE("chart: matchConditions skip exactly the Jobs the webhook's fast path skips",
          "[chart][cel]") {
  using namespace jobwarden;
  testing::chart::require_helm();
  const std::string root = JOBWARDEN_SOURCE_DIR;
  std::string output;
  REQUIRE(testing::run_command("node --version", &output) == 0);
  REQUIRE(fs::exists(root + "/tests/tools/node_modules/@bufbuild/cel/package.json"));

  std::vector<std::pair<std::string, json>> objects;
  for (const char* dir : {"/tests/rules", "/examples", "/tests/charts/fixtures"}) {
    collect_objects(root + dir, objects);
  }
  std::vector<Case> cases;
  for (const auto& [path, object] : objects) {
    std::string expect;
    if (const json* value = core::find_at(object, "/metadata/annotations/expect-skip");
        value != nullptr && value->is_string()) {
      expect = value->get<std::string>();
    }
    const std::string name = object.contains("metadata") && object["metadata"].is_object()
                                 ? object["metadata"].value("name", "")
                                 : "";
    for (const char* operation : {"CREATE", "UPDATE"}) {
      cases.push_back(
          {path + " " + name + " " + operation, admission_review(object, operation), expect});
    }
  }
  REQUIRE(cases.size() > 100);

  const auto rendered = testing::chart::render("--kube-version 1.30.0");
  webhook::Policy policy{core::Config{}};  // allowCronJobOwnedJobs: true, as the chart's default
  for (const char* kind : {"ValidatingWebhookConfiguration", "MutatingWebhookConfiguration"}) {
    INFO(kind);
    const json conditions = testing::chart::at(rendered.at(std::string(kind) + "/rel-jobwarden"),
                                               "/webhooks/0/matchConditions");
    REQUIRE(conditions.size() == 1);
    json input = {{"conditions", conditions}, {"cases", json::array()}};
    for (const auto& c : cases) {
      input["cases"].push_back({{"request", c.review["request"]},
                                {"object", c.review["request"]["object"]},
                                {"oldObject", c.review["request"]["oldObject"]}});
    }
    testing::TempDir dir;
    const std::string input_path = dir.write("input.json", input.dump());
    const testing::CommandResult cel = testing::run_shell(
        "node '" + root + "/tests/charts/match_conditions.cjs' '" + input_path + "'");
    INFO(cel.err);
    REQUIRE(cel.code == 0);
    const json results = json::parse(cel.out);
    REQUIRE(results.size() == cases.size());

    std::size_t skipped = 0;
    std::size_t sent = 0;
    std::size_t expected_fixtures = 0;
    for (std::size_t i = 0; i < cases.size(); ++i) {
      INFO(cases[i].where << "\n" << results[i].dump());
      bool cel_skips = false;
      for (const auto& result : results[i]) {
        // An error would make the API server apply failurePolicy (Fail: deny every such Job).
        REQUIRE(!result.contains("error"));
        if (result["value"] == false) cel_skips = true;
      }
      auto decoded = webhook::decode_review(cases[i].review);
      REQUIRE(decoded.request.has_value());
      const webhook::Endpoint endpoint = std::string(kind).find("Validating") == 0
                                             ? webhook::Endpoint::validate
                                             : webhook::Endpoint::mutate;
      const webhook::Decision decision = webhook::review(endpoint, *decoded.request, policy);
      const bool server_skips = decision.skip_reason == "Job owned by a CronJob";
      CHECK(cel_skips == server_skips);
      if (!cases[i].expect_skip.empty()) {
        ++expected_fixtures;
        CHECK(cel_skips == (cases[i].expect_skip == "true"));
      }
      ++(cel_skips ? skipped : sent);
    }
    // Not vacuous: fixtures on both sides of the condition.
    CHECK(expected_fixtures == 20);
    CHECK(skipped >= 4);
    CHECK(sent >= 100);
  }
}
