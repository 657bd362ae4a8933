// `jobwarden export vap`: golden files, the mapping of severities and webhook modes to
// validationActions, the output passes `jobwarden lint` and kubectl's client-side parsing, and
// every rule is either exported or has a reason to be left out.
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "rules/core/registry.hpp"
#include "rules/engine/config.hpp"
#include "rules/vap/cel_rule.hpp"
#include "rules/vap/policy.hpp"
#include "tests/support/scratch.hpp"

namespace {

namespace fs = std::filesystem;
using jobwarden::core::Severity;
using jobwarden::core::WebhookMode;
using jobwarden::core::WebhookSettings;
using jobwarden::vap::Action;
using jobwarden::vap::action_for;

const fs::path kSource = JOBWARDEN_SOURCE_DIR;
const fs::path kData = kSource / "tests" / "vap" / "data";

jobwarden::testing::CommandResult jobwarden_cli(const std::string& args) {
  return jobwarden::testing::run_shell("cd '" + kSource.string() + "' && '" +
                                       std::string(JOBWARDEN_BINARY) + "' " + args);
}

void check_golden(const fs::path& golden, const std::string& actual) {
  const char* update = std::getenv("JOBWARDEN_UPDATE_FIXTURES");
  if (update != nullptr && std::string(update) == "1") {
    jobwarden::testing::write_file(golden, actual);
  }
  REQUIRE(fs::exists(golden));
  CHECK(jobwarden::testing::read_file(golden) == actual);
}

}  // namespace

TEST_CASE("vap: severities and webhook modes map to validationActions", "[vap]") {
  WebhookSettings enforce;
  CHECK(action_for(Severity::error, enforce, false) == Action::deny);
  CHECK(action_for(Severity::warning, enforce, false) == Action::warn);
  CHECK(action_for(Severity::info, enforce, false) == std::nullopt);
  CHECK(action_for(Severity::info, enforce, true) == Action::audit);
  enforce.deny_severity = Severity::warning;
  CHECK(action_for(Severity::warning, enforce, false) == Action::deny);
  WebhookSettings warn;
  warn.mode = WebhookMode::warn;
  CHECK(action_for(Severity::error, warn, false) == Action::warn);
  CHECK(action_for(Severity::warning, warn, false) == Action::warn);
  WebhookSettings audit;
  audit.mode = WebhookMode::audit;
  CHECK(action_for(Severity::error, audit, false) == Action::audit);
  CHECK(action_for(Severity::info, audit, false) == std::nullopt);
  CHECK(action_for(Severity::info, audit, true) == Action::audit);
}

TEST_CASE("vap: rule builders read options without defaults of their own", "[vap]") {
  // The defaults live in RuleInfo: export_policy merges them (core::merged_options) before a
  // builder runs, so a builder reading an undeclared or mistyped option is a bug.
  nlohmann::json options = nlohmann::json::object();
  const jobwarden::vap::CelContext empty(options, jobwarden::core::kDefaultKubeVersion);
  CHECK_THROWS_AS(empty.int_option("max"), std::logic_error);
  options["max"] = "10";
  const jobwarden::vap::CelContext text(options, jobwarden::core::kDefaultKubeVersion);
  CHECK_THROWS_AS(text.int_option("max"), std::logic_error);
  options["max"] = 10;
  const jobwarden::vap::CelContext number(options, jobwarden::core::kDefaultKubeVersion);
  CHECK(number.int_option("max") == 10);
}

TEST_CASE("vap: CEL string literals", "[vap]") {
  CHECK(jobwarden::vap::cel_string("it's") == "\"it's\"");
  CHECK(jobwarden::vap::cel_string("a\"b\\c\nd\x01") == "\"a\\\"b\\\\c\\nd\\x01\"");
}

TEST_CASE("vap: every rule is exported or says why not", "[vap]") {
  const auto& registry = jobwarden::vap::CelRegistry::instance();
  std::size_t exported = 0;
  for (const auto& rule : jobwarden::core::Registry::instance().rules()) {
    INFO(rule.info.id);
    const bool is_exported = registry.find(rule.info.id) != nullptr;
    const auto* left_out = registry.left_out(rule.info.id);
    CHECK(is_exported != (left_out != nullptr));
    if (left_out != nullptr) CHECK_FALSE(left_out->reason.empty());
    exported += is_exported ? 1 : 0;
  }
  for (const auto& rule : registry.exported()) {
    INFO(rule.rule_id);
    CHECK(jobwarden::core::Registry::instance().find(rule.rule_id) != nullptr);
    CHECK_FALSE(rule.how.empty());
  }
  for (const auto& rule : registry.left_out_rules()) {
    INFO(rule.rule_id);
    CHECK(jobwarden::core::Registry::instance().find(rule.rule_id) != nullptr);
  }
  CHECK(exported == registry.exported().size());
}

TEST_CASE("vap: export with the default config matches the golden file", "[vap]") {
  const auto result = jobwarden::vap::export_policy(jobwarden::core::Config{});
  REQUIRE(result.error.empty());
  check_golden(kData / "default.golden.yaml", result.policy.yaml());
  // The CLI prints the same.
  const auto cli = jobwarden_cli("export vap --config tests/vap/data/empty.config.yaml");
  CHECK(cli.code == 0);
  CHECK(cli.err.empty());
  CHECK(cli.out == result.policy.yaml());
}

TEST_CASE("vap: exemptions, options, severities and version from a config", "[vap]") {
  const auto cli = jobwarden_cli("export vap --config tests/vap/data/exemptions.config.yaml");
  CHECK(cli.err.empty());
  REQUIRE(cli.code == 0);
  check_golden(kData / "exemptions.golden.yaml", cli.out);
  // 1.29: the beta API; denySeverity warning: warnings deny too, so there is no Warn policy.
  CHECK(cli.out.find("apiVersion: admissionregistration.k8s.io/v1beta1\n") != std::string::npos);
  CHECK(cli.out.find("name: jobwarden-warn") == std::string::npos);
  CHECK(cli.out.find("activeDeadlineSeconds <= 3600") != std::string::npos);
  CHECK(cli.out.find("job-parallelism-zero: turned off in the config") != std::string::npos);

  const auto warn_mode = jobwarden_cli(
      "export vap --info-as-audit --kube-version 1.31 --config tests/vap/data/warn.config.yaml");
  REQUIRE(warn_mode.code == 0);
  CHECK(warn_mode.out.find("name: jobwarden-deny") == std::string::npos);
  CHECK(warn_mode.out.find("validationActions:\n    - Warn\n") != std::string::npos);
  CHECK(warn_mode.out.find("validationActions:\n    - Audit\n") != std::string::npos);
  CHECK(warn_mode.out.find("apiVersion: admissionregistration.k8s.io/v1\n") != std::string::npos);
}

TEST_CASE("vap: export usage errors exit 2", "[vap]") {
  const auto old =
      jobwarden_cli("export vap --kube-version 1.27 --config tests/vap/data/empty.config.yaml");
  CHECK(old.code == 2);
  CHECK(old.out.empty());
  CHECK(old.err ==
        "jobwarden: ValidatingAdmissionPolicy with matchConditions and variables needs Kubernetes "
        "1.28 or later (beta; GA in 1.30); the target is 1.27\n");
  CHECK(jobwarden_cli("export").code == 2);
  CHECK(jobwarden_cli("export mutating").err.rfind("jobwarden: unknown export \"mutating\"", 0) ==
        0);
  CHECK(jobwarden_cli("export vap --frob").err.rfind("jobwarden: unknown option \"--frob\"", 0) ==
        0);
  CHECK(jobwarden_cli("export vap --kube-version x").code == 2);
  CHECK(jobwarden_cli("export vap --config /nonexistent.yaml").code == 2);
  const auto help = jobwarden_cli("export --help");
  CHECK(help.code == 0);
  CHECK(help.out.rfind("Usage: jobwarden export vap [options]\n", 0) == 0);
}

TEST_CASE("vap: the export lints clean and kubectl parses it", "[vap]") {
  jobwarden::testing::TempDir temp;
  const auto exported =
      jobwarden_cli("export vap --info-as-audit --config tests/vap/data/exemptions.config.yaml");
  REQUIRE(exported.code == 0);
  const std::string file = temp.write("policy.yaml", exported.out);
  // No Job or CronJob in it: zero findings, zero errors, every object counted as skipped.
  const auto lint =
      jobwarden_cli("lint --format json --config tests/vap/data/empty.config.yaml '" + file + "'");
  INFO(lint.out << lint.err);
  CHECK(lint.code == 0);
  CHECK(lint.err.empty());
  const auto report = nlohmann::json::parse(lint.out);
  CHECK(report["findings"].empty());
  CHECK(report["errors"].empty());

  // kubectl (client only): a client-side dry run of every object. kubectl needs API discovery
  // to map kinds to resources even for --dry-run=client, so tests/vap/fake_discovery.py answers
  // it on loopback; --validate=false because that fake serves no OpenAPI schema.
  const std::string port_file = temp.file("port");
  const auto kubectl = jobwarden::testing::run_shell(
      "cd '" + kSource.string() + "' && { python3 tests/vap/fake_discovery.py 60 > '" + port_file +
      "' & pid=$!; i=0; while [ ! -s '" + port_file +
      "' ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done; KUBECONFIG=/dev/null kubectl "
      "--server http://127.0.0.1:$(cat '" +
      port_file + "') apply --dry-run=client --validate=false -o name -f '" + file +
      "'; rc=$?; kill $pid; exit $rc; }");
  INFO(kubectl.out << kubectl.err);
  CHECK(kubectl.code == 0);
  CHECK(kubectl.out ==
        "validatingadmissionpolicy.admissionregistration.k8s.io/jobwarden-deny\n"
        "validatingadmissionpolicybinding.admissionregistration.k8s.io/jobwarden-deny\n"
        "validatingadmissionpolicy.admissionregistration.k8s.io/jobwarden-audit\n"
        "validatingadmissionpolicybinding.admissionregistration.k8s.io/jobwarden-audit\n");
}

TEST_CASE("vap: explain says whether a rule is exported", "[vap]") {
  const auto exported = jobwarden_cli("explain job-missing-backoff-limit");
  CHECK(exported.code == 0);
  CHECK(
      exported.out.find("ValidatingAdmissionPolicy (webhook-free enforcement):\n  Exported by "
                        "`jobwarden export vap`: Fails a JobSpec whose backoffLimit is unset or 6, "
                        "unless backoffLimitPerIndex is set. Options are "
                        "baked in; with the default config it goes into jobwarden-warn (Warn).") !=
      std::string::npos);
  const auto quantity = jobwarden_cli("explain job-total-resources-too-high");
  CHECK(quantity.out.find("Exported by `jobwarden export vap`: Fails pods at once (parallelism, "
                          "capped by completions) x one pod's CPU or memory request above maxCpu "
                          "/ maxMemory (baked in), with Kubernetes' quantity() CEL library "
                          "(1.29+).") != std::string::npos);
  const auto left_out = jobwarden_cli("explain cronjob-schedule-invalid");
  CHECK(left_out.out.find("Not exported by `jobwarden export vap`: cron schedule syntax") !=
        std::string::npos);
}

TEST_CASE("vap: the cost estimate and the API server's limits", "[vap]") {
  using jobwarden::vap::estimate_cost;
  CHECK(estimate_cost("a.b == 1", 100) == 5);  // a, b, =, =, 1
  // l, all; the loop 2 x 100; x, x, >, 0 once per element.
  CHECK(estimate_cost("l.all(x, x > 0)", 100) == 2 + 200 + 400);
  CHECK(estimate_cost("'a' + s", 10) == 1 + 103 + 1);
  CHECK(estimate_cost("[1]", 10) == 11);
  // A list literal's size bounds the loop over it: [, 1, 2, map; the loop 2 x 2; x, x twice.
  CHECK(estimate_cost("[1, 2].map(x, x)", 100) == 10 + 1 + 1 + 1 + 4 + 4);
  CHECK(estimate_cost("l[0].map(x, x)", 100) == 1 + 10 + 1 + 1 + 200 + 200);
  CHECK(estimate_cost("l.sum()", 100) == 1 + 1 + 100);  // one per element
  // Every expression of the export, with info rules and exemptions, stays under the per-call
  // limit, and each policy under the per-evaluation budget.
  auto loaded = jobwarden::core::load_config_file((kData / "exemptions.config.yaml").string());
  REQUIRE_FALSE(loaded.error.has_value());
  jobwarden::vap::ExportOptions options;
  options.info_as_audit = true;
  const auto result = jobwarden::vap::export_policy(loaded.config, options);
  REQUIRE(result.error.empty());
  for (const auto& document : result.policy.documents) {
    if (document["kind"] != "ValidatingAdmissionPolicy") continue;
    long long total = 0;
    const auto& spec = document["spec"];
    for (const auto& validation : spec["validations"]) {
      for (const char* key : {"expression", "messageExpression"}) {
        const long long cost = estimate_cost(validation[key].get<std::string>(), 100);
        CHECK(cost < jobwarden::vap::kPerCallLimit);
        total += cost;
      }
    }
    for (const char* list : {"variables", "matchConditions"}) {
      if (!spec.contains(list)) continue;
      for (const auto& item : spec[list]) {
        total += estimate_cost(item["expression"].get<std::string>(), 100);
      }
    }
    CHECK(total < jobwarden::vap::kRuntimeCostBudget);
  }
}
