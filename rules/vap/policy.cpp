#include "rules/vap/policy.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "rules/core/registry.hpp"
#include "rules/core/yaml_writer.hpp"
#include "rules/engine/options.hpp"
#include "rules/vap/cel_rule.hpp"

namespace jobwarden::vap {

using nlohmann::json;
using ojson = nlohmann::ordered_json;

namespace {

constexpr std::string_view kIgnorePrefix = "ignore.jobwarden.io/";

// Shared by every policy; rules read them (see cel_rule.hpp). Every step is guarded by has(),
// so an object without a spec, template or containers gives {} / [] instead of an error.
const std::vector<std::pair<std::string, std::string>>& variables() {
  static const std::vector<std::pair<std::string, std::string>> kVariables = {
      {"cronjob", "object.kind == 'CronJob'"},
      {"metadata", "has(object.metadata) ? object.metadata : {}"},
      {"hasSpec",
       "variables.cronjob ? has(object.spec) && has(object.spec.jobTemplate) && "
       "has(object.spec.jobTemplate.spec) : has(object.spec)"},
      {"spec",
       "variables.hasSpec ? (variables.cronjob ? object.spec.jobTemplate.spec : object.spec) : {}"},
      {"specPath", "variables.cronjob ? 'spec.jobTemplate.spec' : 'spec'"},
      {"hasPodSpec", "has(variables.spec.template) && has(variables.spec.template.spec)"},
      {"podSpec", "variables.hasPodSpec ? variables.spec.template.spec : {}"},
      {"containers", "has(variables.podSpec.containers) ? variables.podSpec.containers : []"},
      {"initContainers",
       "has(variables.podSpec.initContainers) ? variables.podSpec.initContainers : []"},
      {"ignored",
       "(has(variables.metadata.annotations) ? "
       "variables.metadata.annotations.filter(k, k.startsWith('ignore.jobwarden.io/')) : []) + "
       "(variables.cronjob && has(object.spec) && has(object.spec.jobTemplate) && "
       "has(object.spec.jobTemplate.metadata) && "
       "has(object.spec.jobTemplate.metadata.annotations) ? "
       "object.spec.jobTemplate.metadata.annotations.filter(k, "
       "k.startsWith('ignore.jobwarden.io/')) : [])"},
  };
  return kVariables;
}

// A glob of the config (`*`, `?`) as an anchored RE2 / ECMAScript regular expression.
std::string glob_regex(const std::string& glob) {
  std::string out;
  for (char c : glob) {
    if (c == '*') {
      out += ".*";
    } else if (c == '?') {
      out += '.';
    } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == ':' ||
               c == '/' || c == '@' || c == '=' || c == ' ') {
      out += c;
    } else {
      out += '\\';
      out += c;
    }
  }
  return out;
}

std::string any_glob_regex(const std::vector<std::string>& globs) {
  std::string alternatives;
  for (const auto& glob : globs) {
    if (!alternatives.empty()) alternatives += '|';
    alternatives += glob_regex(glob);
  }
  return "^(?:" + alternatives + ")$";
}

// A LabelSelector (validated by the config loader) as CEL over `labels`.
std::string selector_cel(const json& selector, const std::string& labels) {
  std::vector<std::string> terms;
  if (auto it = selector.find("matchLabels"); it != selector.end() && it->is_object()) {
    for (const auto& [key, value] : it->items()) {
      terms.push_back(cel_string(key) + " in " + labels + " && " + labels + "[" + cel_string(key) +
                      "] == " + cel_string(value.get<std::string>()));
    }
  }
  if (auto it = selector.find("matchExpressions"); it != selector.end() && it->is_array()) {
    for (const auto& expression : *it) {
      const std::string key = cel_string(expression.at("key").get<std::string>());
      const std::string op = expression.at("operator").get<std::string>();
      std::string values = "[";
      if (auto v = expression.find("values"); v != expression.end() && v->is_array()) {
        for (std::size_t i = 0; i < v->size(); ++i) {
          if (i > 0) values += ", ";
          values += cel_string((*v)[i].get<std::string>());
        }
      }
      values += "]";
      if (op == "In") {
        terms.push_back(key + " in " + labels + " && " + labels + "[" + key + "] in " + values);
      } else if (op == "NotIn") {
        terms.push_back("!(" + key + " in " + labels + " && " + labels + "[" + key + "] in " +
                        values + ")");
      } else if (op == "Exists") {
        terms.push_back(key + " in " + labels);
      } else {
        terms.push_back("!(" + key + " in " + labels + ")");
      }
    }
  }
  if (terms.empty()) return "true";  // an empty selector matches everything
  std::string out;
  for (const auto& term : terms) {
    if (!out.empty()) out += " && ";
    out += "(" + term + ")";
  }
  return out;
}

ojson match_condition(const std::string& name, const std::string& expression) {
  ojson condition = ojson::object();
  condition["name"] = name;
  condition["expression"] = expression;
  return condition;
}

// Exemptions of the config that the webhook applies before any rule (handler skip_reason and
// Engine exemptions), as matchConditions: the policy does not apply when one is false.
ojson match_conditions(const core::Config& config) {
  ojson conditions = ojson::array();
  if (!config.exempt.namespaces.empty()) {
    conditions.push_back(
        match_condition("not-exempt-namespace",
                        "!(has(object.metadata.namespace) && object.metadata.namespace.matches(" +
                            cel_string(any_glob_regex(config.exempt.namespaces)) + "))"));
  }
  if (!config.exempt.names.empty()) {
    conditions.push_back(match_condition(
        "not-exempt-name", "!(has(object.metadata.name) && object.metadata.name.matches(" +
                               cel_string(any_glob_regex(config.exempt.names)) + "))"));
  }
  const core::WebhookSettings& webhook = config.webhook;
  if (!webhook.exempt_users.empty()) {
    conditions.push_back(
        match_condition("not-exempt-user",
                        "!(has(request.userInfo.username) && request.userInfo.username.matches(" +
                            cel_string(any_glob_regex(webhook.exempt_users)) + "))"));
  }
  if (!webhook.exempt_groups.empty()) {
    conditions.push_back(match_condition(
        "not-exempt-group",
        "!(has(request.userInfo.groups) && request.userInfo.groups.exists(g, g.matches(" +
            cel_string(any_glob_regex(webhook.exempt_groups)) + ")))"));
  }
  if (webhook.exempt_label_selector.is_object()) {
    const std::string labels = "object.metadata.labels";
    conditions.push_back(match_condition(
        "not-exempt-labels", "!(has(object.metadata.labels) && " +
                                 selector_cel(webhook.exempt_label_selector, labels) + ")"));
  }
  if (webhook.allow_cronjob_owned_jobs) {
    conditions.push_back(match_condition(
        "not-owned-by-cronjob",
        "!(object.kind == 'Job' && has(object.metadata.ownerReferences) && "
        "object.metadata.ownerReferences.exists(r, has(r.kind) && r.kind == 'CronJob' && "
        "has(r.controller) && r.controller))"));
  }
  return conditions;
}

// Where the engine runs a rule only for one kind, the CEL passes the other kind.
std::string kind_guard(const core::RuleInfo& info) {
  const bool job = std::find(info.kinds.begin(), info.kinds.end(), "Job") != info.kinds.end();
  const bool cronjob =
      std::find(info.kinds.begin(), info.kinds.end(), "CronJob") != info.kinds.end();
  if (job && cronjob) return {};
  return job ? "object.kind != 'Job'" : "object.kind != 'CronJob'";
}

ojson validation_of(const core::Rule& rule, const CelValidation& cel) {
  std::string expression = cel_string(std::string(kIgnorePrefix) + rule.info.id) +
                           " in variables.ignored || (" + cel.expression + ")";
  if (std::string guard = kind_guard(rule.info); !guard.empty()) {
    expression = guard + " || " + expression;
  }
  ojson validation = ojson::object();
  validation["expression"] = expression;
  validation["messageExpression"] =
      cel_string(rule.info.id + ": ") + " + (" + cel.message_expression + ")";
  validation["message"] = rule.info.id + ": " + rule.info.title;
  // The API server's own rules (reference §2) reject with 422 Invalid, like the webhook.
  validation["reason"] = rule.info.reference.starts_with("§2") ? "Invalid" : "Forbidden";
  return validation;
}

std::string policy_name(Action action) {
  switch (action) {
    case Action::deny:
      return "jobwarden-deny";
    case Action::warn:
      return "jobwarden-warn";
    case Action::audit:
      return "jobwarden-audit";
  }
  return "jobwarden";
}

// The libraries beyond standard CEL an expression calls, by the functions only they have.
struct CelLibrary {
  std::vector<std::string> calls;
  std::string note;
};
const std::vector<CelLibrary>& cel_libraries() {
  static const std::vector<CelLibrary> kLibraries = {
      {{".join(", ".substring(", ".lastIndexOf(", ".indexOf("},
       "the strings extension (join, substring, indexOf, lastIndexOf: cel-go ext.Strings, in "
       "the Kubernetes CEL environment)"},
      {{"quantity(", "isQuantity("},
       "Kubernetes' quantity library (isQuantity, quantity, sign, asApproximateFloat: "
       "k8s.io/apiserver/pkg/cel/library; in the API server's CEL environment since 1.28, for "
       "new expressions from 1.29)"},
      {{".sum()", ".max()", ".min()"},
       "Kubernetes' list library (sum, max: k8s.io/apiserver/pkg/cel/library, in every "
       "release with ValidatingAdmissionPolicy)"},
  };
  return kLibraries;
}

std::string with_thousands(long long value) {
  std::string digits = std::to_string(value);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace

std::string_view action_name(Action action) {
  switch (action) {
    case Action::deny:
      return "Deny";
    case Action::warn:
      return "Warn";
    case Action::audit:
      return "Audit";
  }
  return "Warn";
}

std::optional<Action> action_for(core::Severity severity, const core::WebhookSettings& webhook,
                                 bool info_as_audit) {
  if (webhook.mode == core::WebhookMode::audit) {
    if (severity == core::Severity::info && !info_as_audit) return std::nullopt;
    return Action::audit;
  }
  if (webhook.mode == core::WebhookMode::enforce && severity >= webhook.deny_severity) {
    return Action::deny;
  }
  if (severity == core::Severity::info) {
    return info_as_audit ? std::optional<Action>(Action::audit) : std::nullopt;
  }
  return Action::warn;
}

ExportResult export_policy(const core::Config& config, const ExportOptions& options) {
  ExportResult result;
  const core::KubeVersion kube = config.kube_version;
  if (kube < core::KubeVersion{1, 28}) {
    result.error =
        "ValidatingAdmissionPolicy with matchConditions and variables needs Kubernetes "
        "1.28 or later (beta; GA in 1.30); the target is " +
        kube.display();
    return result;
  }
  PolicyExport& out = result.policy;
  out.cost_list_bound = options.cost_list_bound;
  out.api_version = kube < core::KubeVersion{1, 30} ? "admissionregistration.k8s.io/v1beta1"
                                                    : "admissionregistration.k8s.io/v1";

  std::map<Action, ojson> validations;
  for (const core::Rule& rule : core::Registry::instance().rules()) {
    const std::string& id = rule.info.id;
    const ExportedRule* exported = CelRegistry::instance().find(id);
    if (exported == nullptr) {
      const LeftOutRule* left_out = CelRegistry::instance().left_out(id);
      out.omitted.push_back(
          {id, left_out != nullptr ? left_out->reason : "no CEL form written yet"});
      continue;
    }
    const core::RuleSettings* settings = config.settings_for(id);
    if (settings != nullptr && !settings->enabled) {
      out.omitted.push_back({id, "turned off in the config"});
      continue;
    }
    const core::Severity severity =
        settings != nullptr && settings->severity ? *settings->severity : rule.info.severity;
    const auto action = action_for(severity, config.webhook, options.info_as_audit);
    if (!action) {
      out.omitted.push_back({id, "info level (export with --info-as-audit)"});
      continue;
    }
    const json rule_options = core::merged_options(rule.info, settings);
    const CelValidation cel = exported->build(CelContext(rule_options, kube));
    if (!cel.left_out.empty()) {
      out.omitted.push_back({id, cel.left_out});
      continue;
    }
    validations[*action].push_back(validation_of(rule, cel));
    out.included.push_back({id, severity, *action});
  }

  for (const CelLibrary& library : cel_libraries()) {
    const bool used = std::any_of(validations.begin(), validations.end(), [&](const auto& entry) {
      return std::any_of(entry.second.begin(), entry.second.end(), [&](const ojson& validation) {
        return std::any_of(
            library.calls.begin(), library.calls.end(), [&](const std::string& call) {
              return validation["expression"].get<std::string>().find(call) != std::string::npos ||
                     validation["messageExpression"].get<std::string>().find(call) !=
                         std::string::npos;
            });
      });
    });
    if (used) out.cel_libraries.push_back(library.note);
  }

  for (auto& [action, list] : validations) {
    const std::string name = policy_name(action);
    ojson policy = ojson::object();
    policy["apiVersion"] = out.api_version;
    policy["kind"] = "ValidatingAdmissionPolicy";
    policy["metadata"] = {{"name", name},
                          {"labels", {{"app.kubernetes.io/managed-by", "jobwarden"}}}};
    ojson spec = ojson::object();
    // Only the Deny policy may block: an evaluation error in the Warn/Audit ones lets the request
    // through, as a webhook in warn mode would.
    spec["failurePolicy"] = action == Action::deny ? "Fail" : "Ignore";
    ojson rule = ojson::object();
    rule["apiGroups"] = {"batch"};
    rule["apiVersions"] = {"v1"};
    rule["operations"] = {"CREATE", "UPDATE"};
    rule["resources"] = {"jobs", "cronjobs"};
    spec["matchConstraints"] = {{"matchPolicy", "Equivalent"},
                                {"resourceRules", ojson::array({rule})}};
    ojson conditions = match_conditions(config);
    if (!conditions.empty()) spec["matchConditions"] = conditions;
    ojson vars = ojson::array();
    long long cost = 0;
    for (const auto& [var_name, expression] : variables()) {
      ojson variable = ojson::object();
      variable["name"] = var_name;
      variable["expression"] = expression;
      vars.push_back(variable);
      cost += estimate_cost(expression, options.cost_list_bound);
    }
    for (const auto& condition : conditions) {
      cost += estimate_cost(condition["expression"].get<std::string>(), options.cost_list_bound);
    }
    spec["variables"] = vars;
    long long worst = 0;
    std::string worst_rule;
    for (const auto& validation : list) {
      const long long expression_cost = std::max(
          estimate_cost(validation["expression"].get<std::string>(), options.cost_list_bound),
          estimate_cost(validation["messageExpression"].get<std::string>(),
                        options.cost_list_bound));
      cost += estimate_cost(validation["expression"].get<std::string>(), options.cost_list_bound) +
              estimate_cost(validation["messageExpression"].get<std::string>(),
                            options.cost_list_bound);
      if (expression_cost > worst) {
        worst = expression_cost;
        const std::string message = validation["message"].get<std::string>();
        worst_rule = message.substr(0, message.find(':'));
      }
    }
    spec["validations"] = list;
    policy["spec"] = spec;
    out.documents.push_back(policy);

    ojson binding = ojson::object();
    binding["apiVersion"] = out.api_version;
    binding["kind"] = "ValidatingAdmissionPolicyBinding";
    binding["metadata"] = {{"name", name},
                           {"labels", {{"app.kubernetes.io/managed-by", "jobwarden"}}}};
    binding["spec"] = {{"policyName", name},
                       {"validationActions", ojson::array({std::string(action_name(action))})}};
    out.documents.push_back(binding);

    out.cost_notes.push_back(name + ": " + std::to_string(list.size()) +
                             " validations; worst expression ≤ " + with_thousands(worst) + " (" +
                             worst_rule + "), whole policy ≤ " + with_thousands(cost));
  }
  return result;
}

std::string export_summary(const core::RuleInfo& info) {
  if (const ExportedRule* exported = CelRegistry::instance().find(info.id)) {
    const auto action = action_for(info.severity, core::WebhookSettings{}, false);
    std::string where =
        action ? "with the default config it goes into " + policy_name(*action) + " (" +
                     std::string(action_name(*action)) + ")"
               : "as an info-level rule it is exported only with --info-as-audit (into "
                 "jobwarden-audit)";
    return "Exported by `jobwarden export vap`: " + exported->how + " Options are baked in; " +
           where + ".";
  }
  const LeftOutRule* left_out = CelRegistry::instance().left_out(info.id);
  return "Not exported by `jobwarden export vap`: " +
         (left_out != nullptr ? left_out->reason : std::string("no CEL form written yet")) +
         ". Use the webhook for it.";
}

std::string PolicyExport::yaml() const {
  std::string out;
  out += "# Generated by `jobwarden export vap` (jobwarden " JOBWARDEN_VERSION
         ") for Jobs and CronJobs.\n";
  out += "# Apply with: kubectl apply -f FILE  (" + api_version + ").\n";
  out +=
      "# The webhook (`jobwarden serve`) also mutates (fixes), adds hints to warnings and lets\n";
  out += "# UPDATEs keep findings the old object already had; this policy does none of that.\n";
  out += "#\n# Exported rules (" + std::to_string(included.size()) + "):\n";
  for (const auto& rule : included) {
    out += "#   " + rule.rule_id + " (" + std::string(core::to_string(rule.severity)) + " -> " +
           std::string(action_name(rule.action)) + ")\n";
  }
  out += "#\n# Rules left out (" + std::to_string(omitted.size()) + "):\n";
  for (const auto& rule : omitted) out += "#   " + rule.rule_id + ": " + rule.reason + "\n";
  if (!cel_libraries.empty()) {
    out += "#\n# CEL beyond the standard definitions: the validations use\n";
    for (const auto& library : cel_libraries) out += "#   " + library + "\n";
  }
  out +=
      "#\n# CEL cost estimate (conservative, in cel-go cost units): every CEL token counts one,\n";
  out += "# string functions and + count 1 + " + std::to_string(kMaxStringLength / 10) +
         " (strings up to " + std::to_string(kMaxStringLength) + " characters at 0.1 per\n";
  out +=
      "# character), list/map literals 10/30, and the body of each all/exists/map/filter counts\n";
  out += "# once per element plus 2 for the loop, with every list (containers,\n";
  out += "# annotations, ownerReferences, ...) at most " + std::to_string(cost_list_bound) +
         " entries long, a list literal as long as it is;\n";
  out += "# sum/max count one per element). API-server limits: " + with_thousands(kPerCallLimit) +
         "\n";
  out += "# per expression, " + with_thousands(kRuntimeCostBudget) + " per policy evaluation.\n";
  for (const auto& note : cost_notes) out += "#   " + note + "\n";
  for (const auto& document : documents) {
    out += "---\n";
    out += core::yaml_document(document, "\n");
  }
  return out;
}

}  // namespace jobwarden::vap
