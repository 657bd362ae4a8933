#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rules/core/rule.hpp"
#include "rules/core/severity.hpp"
#include "rules/engine/config.hpp"

// Generates ValidatingAdmissionPolicies + Bindings (admissionregistration.k8s.io) for Jobs and
// CronJobs from the rules registered in CelRegistry and a Config: severities and options baked
// in, webhook.mode and denySeverity as validationActions, exemptions as matchConditions.
//
// A binding's validationActions apply to every validation of its policy, so each action gets a
// policy of its own: jobwarden-deny (Deny), jobwarden-warn (Warn), jobwarden-audit (Audit).
namespace jobwarden::vap {

enum class Action { deny, warn, audit };
std::string_view action_name(Action action);  // "Deny", "Warn", "Audit"

// What the webhook does with a finding of this severity, as a validationAction (nullopt: left
// out). enforce: at/above denySeverity -> Deny, other warnings and errors -> Warn; warn: Warn;
// audit: Audit. Info findings are left out unless `info_as_audit`.
std::optional<Action> action_for(core::Severity severity, const core::WebhookSettings& webhook,
                                 bool info_as_audit);

struct ExportOptions {
  bool info_as_audit = false;  // export info-level rules into jobwarden-audit
  // List bound the cost estimate assumes for every list the CEL walks (containers, ...).
  int cost_list_bound = 100;
};

struct IncludedRule {
  std::string rule_id;
  core::Severity severity = core::Severity::warning;
  Action action = Action::warn;
};

struct OmittedRule {
  std::string rule_id;
  std::string reason;
};

struct PolicyExport {
  std::string api_version;  // admissionregistration.k8s.io/v1 or v1beta1
  std::vector<IncludedRule> included;
  std::vector<OmittedRule> omitted;
  // Policy, binding, policy, binding, ... (one pair per action in use).
  std::vector<nlohmann::ordered_json> documents;
  std::vector<std::string> cost_notes;  // one line per policy, for the header comment
  // The CEL libraries beyond standard CEL that the validations use, one line each, for the
  // header comment (e.g. Kubernetes' quantity library and the release that has it).
  std::vector<std::string> cel_libraries;
  int cost_list_bound = 100;
  // The whole YAML stream: a header comment (rules left out and why, cost estimate), then
  // the documents separated by `---`.
  std::string yaml() const;
};

struct ExportResult {
  PolicyExport policy;
  std::string error;  // non-empty: nothing was generated (e.g. the version has no VAP)
};

ExportResult export_policy(const core::Config& config, const ExportOptions& options = {});

// For `jobwarden explain`: whether `export vap` carries the rule, how, and where it lands with
// the default config; or why it is left out.
std::string export_summary(const core::RuleInfo& info);

// The conservative CEL cost estimate of one expression (see cel_cost.cpp for the model), which
// assumes strings of at most kMaxStringLength characters.
long long estimate_cost(const std::string& expression, int list_bound);
inline constexpr long long kMaxStringLength = 1024;

// The API server's limits (k8s.io/apiserver/pkg/apis/cel/config.go): PerCallLimit per
// expression evaluation, RuntimeCELCostBudget per policy binding evaluation.
inline constexpr long long kPerCallLimit = 1000000;
inline constexpr long long kRuntimeCostBudget = 10000000;

}  // namespace jobwarden::vap
