#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "rules/core/loader.hpp"
#include "rules/engine/config.hpp"
#include "tests/support/scratch.hpp"

using namespace jobwarden::core;
using jobwarden::testing::TempDir;

namespace {

ConfigResult parse(const std::string& text) {
  return parse_config(source_from_text(".jobwarden.yaml", text));
}

// "file:line:col: message" of a config that must fail.
std::string error_of(const std::string& text) {
  ConfigResult result = parse(text);
  REQUIRE(result.error.has_value());
  return result.error->display();
}

}  // namespace

TEST_CASE("config: an empty file gives the defaults", "[config]") {
  for (const char* text : {"", "# only a comment\n", "---\n"}) {
    ConfigResult result = parse(text);
    REQUIRE_FALSE(result.error.has_value());
    CHECK(result.config.path == ".jobwarden.yaml");
    CHECK(result.config.kube_version == kDefaultKubeVersion);
    CHECK(result.config.rules.empty());
    CHECK(result.config.exempt.namespaces.empty());
    CHECK(result.config.webhook.mode == WebhookMode::enforce);
    CHECK(result.config.webhook.deny_severity == Severity::error);
    CHECK(result.config.webhook.allow_cronjob_owned_jobs);
    CHECK(result.config.settings_for("job-missing-ttl") == nullptr);
  }
}

TEST_CASE("config: every key of the schema", "[config]") {
  ConfigResult result = parse(R"(kubeVersion: "1.31"
rules:
  job-missing-ttl: off
  job-parallelism-unset: warning
  job-missing-backoff-limit:
    severity: error
    options: {default: 4}
  job-missing-active-deadline:
    options:
      default: 600
exempt:
  namespaces: [kube-system, "team-?"]
  names: ["legacy-*"]
webhook:
  mode: warn
  denySeverity: warning
  exemptUsers: ["system:serviceaccount:kube-system:*"]
  exemptGroups: [admins]
  exemptLabelSelector:
    matchLabels: {jobwarden.io/exempt: "true"}
    matchExpressions:
      - {key: tier, operator: In, values: [batch]}
      - {key: legacy, operator: Exists}
  allowCronJobOwnedJobs: false
)");
  REQUIRE_FALSE(result.error.has_value());
  const Config& config = result.config;
  CHECK(config.kube_version == KubeVersion{1, 31});

  const RuleSettings* ttl = config.settings_for("job-missing-ttl");
  REQUIRE(ttl != nullptr);
  CHECK_FALSE(ttl->enabled);

  const RuleSettings* parallelism = config.settings_for("job-parallelism-unset");
  REQUIRE(parallelism != nullptr);
  CHECK(parallelism->enabled);
  CHECK(parallelism->severity == Severity::warning);

  const RuleSettings* backoff = config.settings_for("job-missing-backoff-limit");
  REQUIRE(backoff != nullptr);
  CHECK(backoff->enabled);
  CHECK(backoff->severity == Severity::error);
  CHECK(backoff->options == nlohmann::json{{"default", 4}});

  const RuleSettings* deadline = config.settings_for("job-missing-active-deadline");
  REQUIRE(deadline != nullptr);
  CHECK(deadline->enabled);
  CHECK_FALSE(deadline->severity.has_value());
  CHECK(deadline->options == nlohmann::json{{"default", 600}});

  CHECK(config.settings_for("job-missing-name") == nullptr);
  CHECK(config.exempt.namespaces == std::vector<std::string>{"kube-system", "team-?"});
  CHECK(config.exempt.names == std::vector<std::string>{"legacy-*"});
  CHECK(config.webhook.mode == WebhookMode::warn);
  CHECK(config.webhook.deny_severity == Severity::warning);
  CHECK(config.webhook.exempt_users ==
        std::vector<std::string>{"system:serviceaccount:kube-system:*"});
  CHECK(config.webhook.exempt_groups == std::vector<std::string>{"admins"});
  CHECK(config.webhook.exempt_label_selector["matchLabels"]["jobwarden.io/exempt"] == "true");
  CHECK(config.webhook.exempt_label_selector["matchExpressions"].size() == 2);
  CHECK_FALSE(config.webhook.allow_cronjob_owned_jobs);
}

TEST_CASE("config: severity off in every spelling", "[config]") {
  for (const char* text :
       {"rules:\n  job-missing-ttl: off\n", "rules:\n  job-missing-ttl: \"off\"\n",
        "rules:\n  job-missing-ttl:\n    severity: off\n"}) {
    ConfigResult result = parse(text);
    REQUIRE_FALSE(result.error.has_value());
    REQUIRE(result.config.settings_for("job-missing-ttl") != nullptr);
    CHECK_FALSE(result.config.settings_for("job-missing-ttl")->enabled);
  }
}

TEST_CASE("config: unknown keys name the key and its position", "[config]") {
  CHECK(error_of("kubeVersion: \"1.30\"\nrulez:\n  job-missing-ttl: off\n") ==
        ".jobwarden.yaml:2:1: unknown key \"rulez\" (expected one of: kubeVersion, rules, "
        "exempt, webhook, baseline)");
  CHECK(error_of("webhook:\n  mode: warn\n  denyseverity: error\n") ==
        ".jobwarden.yaml:3:3: unknown key \"denyseverity\" in webhook (expected one of: mode, "
        "denySeverity, exemptUsers, exemptGroups, exemptLabelSelector, "
        "allowCronJobOwnedJobs)");
  CHECK(error_of("exempt:\n  labels: [a]\n") ==
        ".jobwarden.yaml:2:3: unknown key \"labels\" in exempt (expected one of: namespaces, "
        "names)");
  CHECK(error_of("rules:\n  job-missing-ttl:\n    severity: info\n    level: error\n") ==
        ".jobwarden.yaml:4:5: unknown key \"level\" in rules.job-missing-ttl (expected one of: "
        "severity, options)");
}

TEST_CASE("config: unknown rule ids and options", "[config]") {
  CHECK(error_of("rules:\n  job-missing-ttl: info\n  job-missing-tll: off\n") ==
        ".jobwarden.yaml:3:3: unknown rule \"job-missing-tll\" in rules (run `jobwarden rules`)");
  CHECK(error_of("rules:\n  job-missing-backoff-limit:\n    options:\n      limit: 4\n") ==
        ".jobwarden.yaml:4:7: unknown option \"limit\" for rule job-missing-backoff-limit "
        "(expected one of: default)");
  CHECK(error_of("rules:\n  job-missing-name:\n    options: {x: 1}\n") ==
        ".jobwarden.yaml:2:3: unknown rule \"job-missing-name\" in rules (run `jobwarden rules`)");
  CHECK(error_of("rules:\n  job-container-missing-name:\n    options: {x: 1}\n") ==
        ".jobwarden.yaml:3:15: unknown option \"x\" for rule job-container-missing-name (it has "
        "no options)");
}

TEST_CASE("config: values of the wrong type", "[config]") {
  CHECK(error_of("rules:\n  job-missing-backoff-limit:\n    options:\n      default: \"4\"\n") ==
        ".jobwarden.yaml:4:7: rules.job-missing-backoff-limit.options.default must be an "
        "integer, got a string");
  CHECK(error_of("rules:\n  job-missing-backoff-limit:\n    options: {default: 4.5}\n") ==
        ".jobwarden.yaml:3:15: rules.job-missing-backoff-limit.options.default must be an "
        "integer, got a number");
  CHECK(error_of("rules:\n  job-missing-ttl: loud\n") ==
        ".jobwarden.yaml:2:3: invalid severity \"loud\" for rules.job-missing-ttl (expected off, "
        "info, warning or error)");
  CHECK(error_of("rules:\n  job-missing-ttl:\n    severity: 3\n") ==
        ".jobwarden.yaml:3:5: rules.job-missing-ttl.severity must be one of off, info, warning or "
        "error, got an integer");
  CHECK(error_of("rules: [job-missing-ttl]\n") ==
        ".jobwarden.yaml:1:1: rules must be an object, got an array");
  CHECK(error_of("exempt:\n  namespaces: kube-system\n") ==
        ".jobwarden.yaml:2:3: exempt.namespaces must be an array of strings, got a string");
  CHECK(error_of("exempt:\n  names:\n    - legacy\n    - 7\n") ==
        ".jobwarden.yaml:4:7: exempt.names.1 must be a string, got an integer");
  CHECK(error_of("kubeVersion: 1.30\n") ==
        ".jobwarden.yaml:1:1: kubeVersion must be a quoted string such as \"1.31\" (unquoted 1.3 "
        "is read as a number)");
  CHECK(error_of("kubeVersion: \"2.0\"\n") ==
        ".jobwarden.yaml:1:1: invalid kubeVersion \"2.0\" (expected a version such as \"1.31\")");
  CHECK(error_of("webhook:\n  mode: block\n") ==
        ".jobwarden.yaml:2:3: invalid webhook mode \"block\" (expected enforce, warn or audit)");
  CHECK(error_of("webhook:\n  denySeverity: off\n") ==
        ".jobwarden.yaml:2:3: webhook.denySeverity must be one of info, warning or error, got a "
        "boolean");
  CHECK(error_of("webhook:\n  allowCronJobOwnedJobs: \"yes\"\n") ==
        ".jobwarden.yaml:2:3: webhook.allowCronJobOwnedJobs must be true or false, got a string");
  CHECK(error_of("webhook:\n  exemptLabelSelector:\n    matchExpressions:\n      - key: tier\n"
                 "        operator: Has\n") ==
        ".jobwarden.yaml:5:9: invalid operator \"Has\" for "
        "webhook.exemptLabelSelector.matchExpressions.0.operator (expected In, NotIn, Exists or "
        "DoesNotExist)");
  CHECK(error_of("webhook:\n  exemptLabelSelector:\n    matchLabels: {team: 1}\n") ==
        ".jobwarden.yaml:3:19: webhook.exemptLabelSelector.matchLabels.team must be a string, "
        "got an integer");
}

TEST_CASE("config: documents that are not one mapping", "[config]") {
  CHECK(error_of("rules: {}\n---\nrules: {}\n") ==
        ".jobwarden.yaml:3:1: the config file must hold one YAML document, found 2");
  CHECK(error_of("- rules\n- exempt\n") ==
        ".jobwarden.yaml:1:1: the config file must be an object, got an array");
  CHECK(error_of("rules\n") ==
        ".jobwarden.yaml:1:1: the config file must be an object, got a string");
  // YAML syntax errors come from the loader and name the file and position.
  ConfigResult broken = parse("rules:\n  job-missing-ttl: [off\n");
  REQUIRE(broken.error.has_value());
  CHECK(broken.error->file == ".jobwarden.yaml");
  CHECK(broken.error->pos.known());
  // Duplicate keys are a loader error naming the key.
  ConfigResult duplicate = parse("rules: {}\nrules: {}\n");
  REQUIRE(duplicate.error.has_value());
  CHECK(duplicate.error->message.find("rules") != std::string::npos);
}

TEST_CASE("config: load_config_file reads files and names unreadable ones", "[config]") {
  TempDir dir;
  dir.write("cfg.yaml", "rules:\n  job-missing-ttl: error\n");
  ConfigResult ok = load_config_file((dir.path() / "cfg.yaml").string());
  REQUIRE_FALSE(ok.error.has_value());
  CHECK(ok.config.path == (dir.path() / "cfg.yaml").string());
  CHECK(ok.config.settings_for("job-missing-ttl")->severity == Severity::error);

  ConfigResult missing = load_config_file((dir.path() / "nope.yaml").string());
  REQUIRE(missing.error.has_value());
  CHECK(missing.error->file == (dir.path() / "nope.yaml").string());

  ConfigResult directory = load_config_file(dir.path().string());
  REQUIRE(directory.error.has_value());
  CHECK(directory.error->display() == dir.path().string() + ": is a directory, not a config file");
}

TEST_CASE("config: find_config_file searches upwards, .yaml before .yml", "[config]") {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "a" / "b" / "c");
  // Nothing in the temp tree; the search may still find one above /tmp, so only check that it
  // is not inside the tree.
  auto none = find_config_file(dir.path() / "a" / "b" / "c");
  if (none) CHECK(none->string().rfind(dir.path().string(), 0) != 0);

  dir.write("a/.jobwarden.yml", "");
  CHECK(find_config_file(dir.path() / "a" / "b" / "c") == dir.path() / "a" / ".jobwarden.yml");
  dir.write("a/.jobwarden.yaml", "");
  CHECK(find_config_file(dir.path() / "a" / "b" / "c") == dir.path() / "a" / ".jobwarden.yaml");
  dir.write("a/b/.jobwarden.yml", "");
  CHECK(find_config_file(dir.path() / "a" / "b" / "c") ==
        dir.path() / "a" / "b" / ".jobwarden.yml");
  CHECK(find_config_file(dir.path() / "a" / "b" / "c" / "") ==
        dir.path() / "a" / "b" / ".jobwarden.yml");
  CHECK(find_config_file(dir.path() / "a") == dir.path() / "a" / ".jobwarden.yaml");
}
