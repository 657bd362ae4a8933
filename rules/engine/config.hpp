#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rules/core/kube_version.hpp"
#include "rules/core/loader.hpp"
#include "rules/core/severity.hpp"

namespace jobwarden::core {

// Per-rule settings from `.jobwarden.yaml`:
//   rules:
//     job-missing-ttl: off                # shorthand: off|info|warning|error
//     job-missing-backoff-limit:
//       severity: error
//       options: {default: 4}
struct RuleSettings {
  bool enabled = true;
  std::optional<Severity> severity;                   // overrides the rule's default
  nlohmann::json options = nlohmann::json::object();  // validated against RuleInfo::options
};

// Objects the checks skip entirely (both faces). Patterns are globs with `*` and `?`.
struct Exemptions {
  std::vector<std::string> namespaces;
  std::vector<std::string> names;
};

enum class WebhookMode { enforce, warn, audit };

// The `webhook:` section; read by `jobwarden serve` only, but part of the one config format.
struct WebhookSettings {
  WebhookMode mode = WebhookMode::enforce;
  Severity deny_severity = Severity::error;  // findings at/above this deny in enforce mode
  std::vector<std::string> exempt_users;     // globs: "system:serviceaccount:kube-system:*"
  std::vector<std::string> exempt_groups;
  nlohmann::json exempt_label_selector;  // null or a LabelSelector (matchLabels/Expressions)
  bool allow_cronjob_owned_jobs = true;  // fast path for Jobs a CronJob controls
};

struct Config {
  std::string path;  // file it was read from; empty for the built-in defaults
  KubeVersion kube_version = kDefaultKubeVersion;
  std::map<std::string, RuleSettings, std::less<>> rules;
  Exemptions exempt;
  WebhookSettings webhook;

  const RuleSettings* settings_for(std::string_view rule_id) const;
};

struct ConfigResult {
  Config config;
  std::optional<LoadError> error;  // names the file, the key and its line
};

// Parses and validates a config document. Unknown keys, unknown rule ids, unknown option names,
// option values of the wrong type and bad severities are errors naming the key and its line.
ConfigResult parse_config(const std::shared_ptr<const SourceFile>& file);
ConfigResult load_config_file(const std::string& path);
// Looks for `.jobwarden.yaml` (then `.jobwarden.yml`) in `start` and its parents.
std::optional<std::filesystem::path> find_config_file(const std::filesystem::path& start);

}  // namespace jobwarden::core
