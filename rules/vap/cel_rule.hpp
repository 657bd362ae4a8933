#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "rules/core/kube_version.hpp"

// The ValidatingAdmissionPolicy export of a rule: its CEL, written once for Job and CronJob over
// the policy's `variables` (see kVariables in policy.cpp):
//   variables.cronjob      object.kind == 'CronJob'
//   variables.metadata     object.metadata, {} when absent
//   variables.hasSpec      whether the JobSpec exists (engine: k8s::job_spec() is set)
//   variables.spec         the JobSpec: object.spec (Job), object.spec.jobTemplate.spec (CronJob);
//                          {} when absent
//   variables.specPath     "spec" or "spec.jobTemplate.spec", for API-server field paths
//   variables.hasPodSpec   whether variables.spec.template.spec exists
//   variables.podSpec      variables.spec.template.spec, {} when absent
//   variables.containers   variables.podSpec.containers, [] when absent
//   variables.initContainers  likewise
//   variables.ignored      the ignore.jobwarden.io/* annotation keys (object and jobTemplate)
// A rule file in rules/vap/checks/ registers, by rule id, a function that bakes the rule's
// options (and the target version) into a `CelValidation`. The generator wraps the expression
// with the rule's kinds and its `ignore.jobwarden.io/<rule-id>` annotation, and prefixes the
// message with the rule id, so rule files hold only what the rule decides and says.
namespace jobwarden::vap {

// What the exported CEL may depend on: the same inputs the engine gives the rule's check.
class CelContext {
 public:
  CelContext(const nlohmann::json& options, core::KubeVersion kube_version)
      : options_(options), kube_(kube_version) {}
  // The rule's options: RuleInfo's defaults merged with the config (core::merged_options), as
  // the engine gives them to the rule's check.
  const nlohmann::json& option(std::string_view name) const;
  // An integer option; like core::CheckContext::int_option, the default lives only in RuleInfo,
  // and reading a name RuleInfo does not declare as an integer throws std::logic_error.
  std::int64_t int_option(std::string_view name) const;
  core::KubeVersion kube_version() const { return kube_; }

 private:
  const nlohmann::json& options_;
  core::KubeVersion kube_;
};

struct CelValidation {
  std::string expression;          // true when the object passes the rule
  std::string message_expression;  // the engine's message text ("; "-joined when several)
  // Non-empty: the rule is not exported for this target (or these options), and why; e.g. the
  // target has no such field, or its CEL environment lacks a library the expression needs.
  std::string left_out = {};
};

using CelBuilder = CelValidation (*)(const CelContext&);

struct ExportedRule {
  std::string rule_id;
  CelBuilder build = nullptr;
  std::string how;  // one line for `jobwarden explain`: what the CEL checks
};

struct LeftOutRule {
  std::string rule_id;
  std::string reason;  // why CEL in the API server cannot (or should not) decide it
};

class CelRegistry {
 public:
  static CelRegistry& instance();
  // Return true so they can initialise a static; abort on a duplicate id (a programming error).
  bool add(ExportedRule rule);
  bool leave_out(LeftOutRule rule);
  const ExportedRule* find(std::string_view rule_id) const;
  const LeftOutRule* left_out(std::string_view rule_id) const;
  const std::vector<ExportedRule>& exported() const { return exported_; }
  const std::vector<LeftOutRule>& left_out_rules() const { return left_out_; }

 private:
  std::vector<ExportedRule> exported_;
  std::vector<LeftOutRule> left_out_;
};

// A CEL string literal for `text` (double quotes, backslash escapes).
std::string cel_string(std::string_view text);

// A rule that reports one message per failed condition, in order: the object passes when no
// condition holds; the message joins the messages of those that hold with "; " (the strings
// extension's join, which the Kubernetes CEL environment has). One part: no join needed.
struct CelPart {
  std::string condition;  // true = report
  std::string message;    // CEL string expression
};
CelValidation any_of(const std::vector<CelPart>& parts);

// Per-container rules: `condition` and `message` are written over the placeholder `C` (the
// container, e.g. "!has(C.image)") and may use `LABEL` (the engine's label: `container "main"`,
// `init container 0`). The verdict walks every container (init containers first unless
// `with_init` is false); messages name at most kMaxIndexedContainers per list, the index list a
// standard-CEL comprehension needs (CEL has no ranges without the lists extension).
inline constexpr int kMaxIndexedContainers = 64;
CelValidation per_container(const std::string& condition, const std::string& message,
                            bool with_init = true);

// Per-entry rules over any list: `list` is a CEL list expression ([] when absent), `condition`
// is written over ITEM (the entry, e.g. "has(ITEM.gitRepo)"), `message` over ITEM and INDEX (its
// index, an int). Messages name at most kMaxIndexedContainers entries, as per_container.
CelValidation per_entry(const std::string& list, const std::string& condition,
                        const std::string& message);

}  // namespace jobwarden::vap

#define JOBWARDEN_VAP_CONCAT_INNER(a, b) a##b
#define JOBWARDEN_VAP_CONCAT(a, b) JOBWARDEN_VAP_CONCAT_INNER(a, b)
// Registers the CEL of a rule; use once at the end of a rules/vap/checks/ file.
#define JOBWARDEN_VAP_RULE(rule_id, how, builder)                                                \
  [[maybe_unused]] static const bool JOBWARDEN_VAP_CONCAT(jobwarden_vap_registered_, __LINE__) = \
      ::jobwarden::vap::CelRegistry::instance().add(                                             \
          ::jobwarden::vap::ExportedRule{rule_id, builder, how})
// Records why a rule is not exported.
#define JOBWARDEN_VAP_LEFT_OUT(rule_id, reason)                                                \
  [[maybe_unused]] static const bool JOBWARDEN_VAP_CONCAT(jobwarden_vap_left_out_, __LINE__) = \
      ::jobwarden::vap::CelRegistry::instance().leave_out(                                     \
          ::jobwarden::vap::LeftOutRule{rule_id, reason})
