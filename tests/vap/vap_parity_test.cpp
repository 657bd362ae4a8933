// Parity of the exported ValidatingAdmissionPolicy with the engine (issue 12): for every Job and
// CronJob of every rule fixture (tests/rules/*/, the .fixed.yaml outputs included), of examples/
// and of tests/vap/data/ (exemptions, edge cases), the object as the API server would see it
// (k8s::apply_defaults; resource quantities as strings) is evaluated against the policy exported
// with the folder's config, by a real CEL implementation (@bufbuild/cel under node:
// tests/vap/evaluate_policy.js, with Kubernetes' quantity and list libraries from
// tests/vap/kubernetes_cel.js), and the set of
// (rule, validationAction, message) must equal the engine's findings for the exported rules on
// the same object: same rule ids, the webhook's deny/warn/audit decision, the same message text.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "rules/core/registry.hpp"
#include "rules/engine/config.hpp"
#include "rules/engine/engine.hpp"
#include "rules/k8s/defaults.hpp"
#include "rules/k8s/workload.hpp"
#include "rules/vap/cel_rule.hpp"
#include "rules/vap/policy.hpp"
#include "tests/support/rule_fixtures.hpp"
#include "tests/support/scratch.hpp"
#include "webhook/handler.hpp"

namespace {

namespace fs = std::filesystem;
using jobwarden::core::Config;
using jobwarden::core::Engine;
using jobwarden::core::Finding;
using jobwarden::core::Manifest;
using jobwarden::core::Severity;
using jobwarden::core::WebhookMode;
using nlohmann::json;

const fs::path kSource = JOBWARDEN_SOURCE_DIR;

struct Source {
  fs::path file;
  Config config;
};

// What the webhook does with a finding, written out here rather than taken from the
// generator, so the test checks the generator's mapping too.
std::string expected_action(Severity severity, const Config& config) {
  const auto& webhook = config.webhook;
  if (webhook.mode == WebhookMode::audit) return "Audit";
  if (webhook.mode == WebhookMode::enforce && severity >= webhook.deny_severity) return "Deny";
  if (severity == Severity::info) return "Audit";  // exported with info_as_audit
  return "Warn";
}

// Typed decoding turns null members into unset fields: CEL never sees them.
json without_nulls(const json& value) {
  if (value.is_array()) {
    json out = json::array();
    for (const auto& item : value) out.push_back(without_nulls(item));
    return out;
  }
  if (!value.is_object()) return value;
  json out = json::object();
  for (const auto& [key, member] : value.items()) {
    if (!member.is_null()) out[key] = without_nulls(member);
  }
  return out;
}

// A resource.Quantity decodes from a JSON number as well as from a string, but the object that
// admission sees (re-encoded from the typed object) always holds it as a string, in canonical
// form; the number's own text is a string of the same value, which is all the rules read.
json quantities_as_strings(json object) {
  const auto convert = [](json& pod_spec) {
    for (const char* list : {"initContainers", "containers"}) {
      if (!pod_spec.contains(list) || !pod_spec[list].is_array()) continue;
      for (json& container : pod_spec[list]) {
        if (!container.is_object() || !container.contains("resources") ||
            !container["resources"].is_object()) {
          continue;
        }
        for (const char* section : {"requests", "limits"}) {
          json& resources = container["resources"];
          if (!resources.contains(section) || !resources[section].is_object()) continue;
          for (auto& [name, value] : resources[section].items()) {
            if (value.is_number()) value = value.dump();
          }
        }
      }
    }
  };
  json* spec = object.is_object() && object.contains("spec") ? &object["spec"] : nullptr;
  if (spec != nullptr && object.value("kind", "") == "CronJob") {
    spec = spec->is_object() && spec->contains("jobTemplate") &&
                   (*spec)["jobTemplate"].is_object() && (*spec)["jobTemplate"].contains("spec")
               ? &(*spec)["jobTemplate"]["spec"]
               : nullptr;
  }
  if (spec != nullptr && spec->is_object() && spec->contains("template") &&
      (*spec)["template"].is_object() && (*spec)["template"].contains("spec") &&
      (*spec)["template"]["spec"].is_object()) {
    convert((*spec)["template"]["spec"]);
  }
  return object;
}

// (rule, action, message) as a comparable string.
using Verdict = std::tuple<std::string, std::string, std::string>;

}  // namespace

TEST_CASE("exported ValidatingAdmissionPolicy decides like the engine on every fixture",
          "[vap][parity]") {
  const fs::path tools = kSource / "tests" / "tools" / "node_modules" / "@bufbuild" / "cel";
  {
    INFO("@bufbuild/cel missing: run scripts/install-test-tools.sh");
    REQUIRE(fs::exists(tools / "package.json"));
  }

  std::vector<std::pair<fs::path, Config>> groups;  // a directory and the config it is linted with
  for (const auto& entry : fs::directory_iterator(kSource / "tests" / "rules")) {
    if (entry.is_directory()) {
      groups.emplace_back(entry.path(), jobwarden::testing::folder_config(entry.path()));
    }
  }
  std::sort(groups.begin(), groups.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  groups.emplace_back(kSource / "examples", Config{});
  // The examples again in the webhook's warn and audit modes: every rule Warn, every rule Audit.
  for (const char* mode : {"warn", "audit"}) {
    auto loaded = jobwarden::core::load_config_file(
        (kSource / "tests" / "vap" / "data" / (std::string(mode) + ".config.yaml")).string());
    REQUIRE_FALSE(loaded.error.has_value());
    groups.emplace_back(kSource / "examples", loaded.config);
  }
  // Edge cases of the rules' CEL beyond their fixtures, at the default target and at two older
  // ones (where the gitRepo message differs, and scheduling and the quantity rule are left out).
  const fs::path edges = kSource / "tests" / "vap" / "data" / "parity";
  groups.emplace_back(edges, Config{});
  for (const char* version : {"1.28", "1.34"}) {
    auto loaded = jobwarden::core::load_config_file(
        (kSource / "tests" / "vap" / "data" / ("kube-" + std::string(version) + ".config.yaml"))
            .string());
    REQUIRE_FALSE(loaded.error.has_value());
    groups.emplace_back(edges, loaded.config);
  }
  // Exemptions: namespaces, names, users, groups, labels, CronJob-owned Jobs, annotations.
  const fs::path exemptions = kSource / "tests" / "vap" / "data" / "exemptions";
  {
    auto loaded = jobwarden::core::load_config_file(
        (kSource / "tests" / "vap" / "data" / "exemptions.config.yaml").string());
    REQUIRE_FALSE(loaded.error.has_value());
    groups.emplace_back(exemptions, loaded.config);
  }

  std::set<std::string> exported_ids;
  std::map<std::string, int> fired;  // exported rule -> cases where the engine reported it
  std::size_t documents = 0, skipped = 0;
  std::vector<std::string> mismatches;
  jobwarden::testing::TempDir temp;

  for (auto& [dir, config] : groups) {
    // A policy needs 1.28 or later: folders that target older releases are checked at 1.28,
    // by the engine and the export alike.
    config.kube_version = std::max(config.kube_version, jobwarden::core::KubeVersion{1, 28});
    jobwarden::vap::ExportOptions options;
    options.info_as_audit = true;
    const auto exported = jobwarden::vap::export_policy(config, options);
    REQUIRE(exported.error.empty());
    std::map<std::string, std::string> action_of;  // included rule -> action
    for (const auto& rule : exported.policy.included) {
      exported_ids.insert(rule.rule_id);
      action_of[rule.rule_id] = std::string(jobwarden::vap::action_name(rule.action));
    }
    json input = {{"documents", json::array()}, {"cases", json::array()}};
    for (const auto& document : exported.policy.documents) {
      input["documents"].push_back(json::parse(document.dump()));
    }
    std::vector<std::set<Verdict>> expected;
    const Engine engine(config);
    for (const fs::path& file : jobwarden::testing::manifest_files(dir)) {
      const auto manifests = jobwarden::testing::checked_manifests_in(file);
      for (std::size_t i = 0; i < manifests.size(); ++i) {
        const json defaulted = jobwarden::k8s::apply_defaults(
            quantities_as_strings(without_nulls(manifests[i].object())));
        std::vector<Finding> findings;
        engine.check(Manifest::from_object(defaulted), findings);
        // A field of the wrong JSON type fails decoding: no policy ever sees such an object.
        if (std::any_of(findings.begin(), findings.end(),
                        [](const Finding& f) { return f.rule_id == "job-invalid-field-type"; })) {
          ++skipped;
          continue;
        }
        ++documents;
        std::map<std::string, std::vector<std::string>> messages;  // rule -> messages, in order
        std::vector<std::string> order;
        const bool webhook_skips = config.webhook.allow_cronjob_owned_jobs &&
                                   jobwarden::k8s::is_job(defaulted) &&
                                   jobwarden::k8s::is_owned_by_cronjob(defaulted);
        for (const auto& finding : findings) {
          if (!action_of.contains(finding.rule_id) || webhook_skips) continue;
          CHECK(action_of[finding.rule_id] == expected_action(finding.severity, config));
          if (!messages.contains(finding.rule_id)) order.push_back(finding.rule_id);
          messages[finding.rule_id].push_back(finding.message);
        }
        // What the webhook skips before the engine runs (handler skip_reason).
        if (jobwarden::webhook::label_selector_matches(config.webhook.exempt_label_selector,
                                                       defaulted)) {
          order.clear();
        }
        std::set<Verdict> verdicts;
        for (const auto& id : order) {
          std::string text = id + ": ";
          for (std::size_t m = 0; m < messages[id].size(); ++m) {
            text += (m > 0 ? "; " : "") + messages[id][m];
          }
          verdicts.insert({id, action_of[id], text});
          ++fired[id];
        }
        expected.push_back(verdicts);
        const char* mode = config.webhook.mode == WebhookMode::warn    ? " [warn mode]"
                           : config.webhook.mode == WebhookMode::audit ? " [audit mode]"
                                                                       : "";
        const std::string target = config.kube_version == jobwarden::core::kDefaultKubeVersion
                                       ? ""
                                       : " [kube " + config.kube_version.display() + "]";
        const std::string name =
            fs::relative(file, kSource).string() + " #" + std::to_string(i + 1) + mode + target;
        json request = {{"operation", "CREATE"},
                        {"userInfo", {{"username", "parity-test"}, {"groups", {"parity"}}}}};
        input["cases"].push_back({{"name", name}, {"object", defaulted}, {"request", request}});
        if (dir == exemptions) {  // the same object from an exempt user, and an exempt group
          expected.push_back({});
          request["userInfo"]["username"] = "system:serviceaccount:ci:deployer";
          input["cases"].push_back(
              {{"name", name + " (exempt user)"}, {"object", defaulted}, {"request", request}});
          expected.push_back({});
          request["userInfo"] = {{"username", "alice"}, {"groups", {"dev", "system:masters"}}};
          input["cases"].push_back(
              {{"name", name + " (exempt group)"}, {"object", defaulted}, {"request", request}});
        }
      }
    }
    if (expected.empty()) continue;
    const std::string input_path =
        temp.write(dir.filename().string() + std::to_string(expected.size()) + "-" +
                       std::to_string(static_cast<int>(config.webhook.mode)) + ".json",
                   input.dump());
    const auto run = jobwarden::testing::run_shell(
        "node '" + (kSource / "tests" / "vap" / "evaluate_policy.js").string() + "' '" +
        input_path + "'");
    INFO(run.err);
    REQUIRE(run.code == 0);
    const json output = json::parse(run.out);
    REQUIRE(output.size() == expected.size());
    for (std::size_t c = 0; c < output.size(); ++c) {
      const json& result = output[c];
      std::set<Verdict> actual;
      for (const auto& verdict : result["verdicts"]) {
        const std::string message = verdict["message"].get<std::string>();
        const std::string id = message.substr(0, message.find(':'));
        std::string actions;
        for (const auto& action : verdict["actions"]) actions += action.get<std::string>();
        actual.insert({id, actions, message});
      }
      for (const auto& error : result["errors"]) {
        mismatches.push_back(result["name"].get<std::string>() +
                             ": CEL error: " + error.get<std::string>());
      }
      for (const auto& verdict : expected[c]) {
        if (!actual.contains(verdict)) {
          mismatches.push_back(result["name"].get<std::string>() + ": engine only: " +
                               std::get<1>(verdict) + " " + std::get<2>(verdict));
        }
      }
      for (const auto& verdict : actual) {
        if (!expected[c].contains(verdict)) {
          mismatches.push_back(result["name"].get<std::string>() + ": policy only: " +
                               std::get<1>(verdict) + " " + std::get<2>(verdict));
        }
      }
    }
  }

  std::cout << "VAP parity: " << exported_ids.size() << " of "
            << jobwarden::core::Registry::instance().rules().size() << " rules exported; "
            << documents << " Job/CronJob documents evaluated with @bufbuild/cel, " << skipped
            << " skipped (wrong field types: the API server rejects them when decoding)\n";
  for (const auto& mismatch : mismatches) UNSCOPED_INFO(mismatch);
  CHECK(mismatches.empty());
  // Parity is only shown for a rule that the fixtures make fire.
  for (const auto& id : exported_ids) {
    INFO("exported rule never reported on the fixtures: " << id);
    CHECK(fired[id] > 0);
  }
}
