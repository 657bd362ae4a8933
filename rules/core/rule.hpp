#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "rules/core/defaulted_member.hpp"
#include "rules/core/kube_version.hpp"
#include "rules/core/severity.hpp"

namespace jobwarden::core {

// A documented, configurable knob of a rule. The default's JSON type is the option's type.
struct OptionInfo {
  std::string name;
  nlohmann::json default_value;
  std::string description;
};

// Everything the docs (`jobwarden rules`, `explain`, docs/rules.md) and the engine know of a rule.
struct RuleInfo {
  std::string id;     // kebab-case, says the problem; also the file name and fixture folder
  std::string title;  // one line
  Severity severity = Severity::warning;  // default; config may override or turn it off
  std::vector<std::string> kinds;         // "Job", "CronJob"
  std::string summary;                    // what it checks
  std::string rationale;                  // why it matters
  std::string remediation;                // default hint on every finding
  std::vector<OptionInfo> options;
  bool fixable = false;
  std::string bad_example;   // short YAML snippet
  std::string good_example;  // short YAML snippet
  std::string reference;  // e.g. "§2 #11" of the Job/admission reference, when it implements one
  std::string webhook_note;  // what the rule sees in the webhook, where objects are defaulted
  // The rule is about what the author wrote, and defaulting only writes members that are right
  // by construction: the engine runs it on the object before defaulting (CheckContext::object()
  // is then the object as written, with no defaulted members), while the parsed tree is still
  // in cache. Its findings keep their place among the other rules'.
  bool as_written = false;
};

// What a rule reports: facts only. The engine adds id, severity, object, position, suppression.
struct Violation {
  std::string pointer;  // JSON Pointer relative to the object; missing fields: the parent's
  std::string message;
  std::string hint;    // empty -> RuleInfo::remediation
  nlohmann::json fix;  // null, or a JSON Patch (array of RFC 6902 ops) relative to the object
};

// What a rule may look at.
class CheckContext {
 public:
  // `defaulted_members`: what defaulting wrote into `defaulted`, oldest first.
  CheckContext(const nlohmann::json& defaulted, std::span<const DefaultedMember> defaulted_members,
               const nlohmann::json& options, KubeVersion kube_version)
      : defaulted_(defaulted),
        defaulted_members_(defaulted_members),
        options_(options),
        kube_(kube_version) {}

  // The object after emulating API-server defaulting (reference §1.1): what the webhook sees.
  // Rules decide on this so that a raw file and the admitted object get the same verdict.
  // (For a rule with RuleInfo::as_written, the object before that defaulting.)
  const nlohmann::json& object() const { return defaulted_; }
  // The object as written, asked about one value of object() at a time: use it only to word
  // messages ("not set" vs "set to 6") or to choose a fix, never to decide whether to report.
  // as_written(value): what was written where `value` is (a value inside object(), or nullptr):
  // the value itself unless defaulting wrote it, else what was there before (nullptr: absent).
  // Defaulting only ever creates or fills members, so nothing else differs.
  const nlohmann::json* as_written(const nlohmann::json* value) const;
  // Member `key` of `parent` (an object inside object(), or nullptr) as written: nullptr when it
  // was absent or null, as k8s::has asks of the defaulted object.
  const nlohmann::json* written_member(const nlohmann::json* parent, std::string_view key) const;
  bool written(const nlohmann::json* parent, std::string_view key) const {
    return written_member(parent, key) != nullptr;
  }
  // Whether `value` was written as a JSON object (not created by defaulting, nor null).
  bool written_object(const nlohmann::json* value) const;
  // The rule's options: declared defaults merged with the config file.
  const nlohmann::json& option(std::string_view name) const;
  // An integer or boolean option. The default lives only in RuleInfo::options: the engine
  // merges it with the config (whose loader rejects values of another type), so the value is
  // always there. Reading a name RuleInfo does not declare with that type is a bug: it throws
  // std::logic_error, which the rule fixture tests surface.
  std::int64_t int_option(std::string_view name) const;
  bool bool_option(std::string_view name) const;
  KubeVersion kube_version() const { return kube_; }

 private:
  const nlohmann::json& defaulted_;
  std::span<const DefaultedMember> defaulted_members_;
  const nlohmann::json& options_;
  KubeVersion kube_;
};

// A JSON Patch (RFC 6902) operation, {"op", "path"[, "value"]}, built member by member:
// nlohmann's nested initializer lists copy every element through json_ref and test each list
// for an object's shape first.
inline nlohmann::json patch_op(const char* op, std::string path) {
  nlohmann::json out(nlohmann::json::value_t::object);
  auto& members = out.get_ref<nlohmann::json::object_t&>();
  members.emplace("op", op);
  members.emplace("path", std::move(path));
  return out;
}
inline nlohmann::json patch_op(const char* op, std::string path, nlohmann::json value) {
  nlohmann::json out = patch_op(op, std::move(path));
  out.get_ref<nlohmann::json::object_t&>().emplace("value", std::move(value));
  return out;
}

// One-operation JSON Patches for Violation::fix.
inline nlohmann::json one_op_patch(nlohmann::json op) {
  nlohmann::json out(nlohmann::json::value_t::array);
  out.get_ref<nlohmann::json::array_t&>().push_back(std::move(op));
  return out;
}
inline nlohmann::json add_op(std::string path, nlohmann::json value) {
  return one_op_patch(patch_op("add", std::move(path), std::move(value)));
}
inline nlohmann::json replace_op(std::string path, nlohmann::json value) {
  return one_op_patch(patch_op("replace", std::move(path), std::move(value)));
}
inline nlohmann::json remove_op(std::string path) {
  return one_op_patch(patch_op("remove", std::move(path)));
}

class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void report(Violation violation) = 0;
  void report(std::string pointer, std::string message, std::string hint = {},
              nlohmann::json fix = nullptr) {
    report(Violation{std::move(pointer), std::move(message), std::move(hint), std::move(fix)});
  }
};

using CheckFunction = void (*)(const CheckContext&, Reporter&);

struct Rule {
  RuleInfo info;
  CheckFunction check = nullptr;
  bool applies_to(std::string_view kind) const;
};

}  // namespace jobwarden::core
