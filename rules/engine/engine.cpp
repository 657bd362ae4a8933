#include "rules/engine/engine.hpp"

#include <algorithm>
#include <string_view>
#include <tuple>
#include <utility>

#include "rules/core/glob.hpp"
#include "rules/core/json_lookup.hpp"
#include "rules/core/json_pointer.hpp"
#include "rules/core/json_type.hpp"
#include "rules/core/registry.hpp"
#include "rules/engine/options.hpp"
#include "rules/engine/suppression.hpp"
#include "rules/k8s/defaults.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::core {

using nlohmann::json;

namespace {

class CollectingReporter final : public Reporter {
 public:
  using Reporter::report;
  void report(Violation violation) override { violations.push_back(std::move(violation)); }
  std::vector<Violation> violations;
};

// The violations of the rules that run before defaulting, each with its rule's index in the
// engine's list, held until the rule's turn in order: one vector for all of them, which stays
// empty (no allocation) while they report nothing.
class HoldingReporter final : public Reporter {
 public:
  using Reporter::report;
  void report(Violation violation) override { violations.emplace_back(rule, std::move(violation)); }
  std::size_t rule = 0;  // the index of the rule that reports now
  std::vector<std::pair<std::size_t, Violation>> violations;
};

// "add" that creates missing parent objects, so a fix can simply say "set this field".
void add_creating_parents(json& root, const std::string& path, const json& value) {
  auto tokens = split_pointer(path);
  if (tokens.empty()) {
    root = value;
    return;
  }
  json* node = &root;
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (node->is_null()) *node = json::object();
    if (node->is_object()) {
      node = &(*node)[tokens[i]];
    } else {
      throw std::invalid_argument("parent of " + path + " is not an object");
    }
  }
  if (node->is_null()) *node = json::object();
  if (!node->is_object()) throw std::invalid_argument("parent of " + path + " is not an object");
  (*node)[tokens.back()] = value;
}

void apply_op(json& target, const json& op) {
  const json* kind_member = find_member(op, "op");  // nullptr unless op is an object
  const json* path_member = find_member(op, "path");
  if (kind_member == nullptr || path_member == nullptr) {
    throw std::invalid_argument("malformed patch op");
  }
  // (get_ref throws json::type_error for a non-string, as get<std::string>() did.)
  const std::string& kind = kind_member->get_ref<const std::string&>();
  const std::string& path = path_member->get_ref<const std::string&>();
  const json* parent = find_at(target, parent_pointer(path));
  bool parent_is_array = parent != nullptr && parent->is_array();
  if ((kind == "add" || kind == "replace") && !parent_is_array) {
    add_creating_parents(target, path, op.at("value"));
    return;
  }
  target.patch_inplace(json::array({op}));
}

}  // namespace

Engine::Engine(Config config) : config_(std::move(config)) {
  for (const Rule& rule : Registry::instance().rules()) {
    const RuleSettings* settings = config_.settings_for(rule.info.id);
    if (settings != nullptr && !settings->enabled) continue;
    active_rules_.push_back(
        {&rule, rule.check, rule.applies_to("Job"), rule.applies_to("CronJob"),
         rule.info.as_written,
         settings != nullptr && settings->severity ? *settings->severity : rule.info.severity,
         merged_options(rule.info, settings)});
    if (rule.info.as_written) as_written_rules_.push_back(active_rules_.size() - 1);
  }
}

bool Engine::is_checked_kind(const ObjectRef& ref) {
  return (ref.kind == "Job" || ref.kind == "CronJob") && ref.api_version.starts_with("batch/");
}

bool Engine::is_checked_kind(const json& object) {
  return object.is_object() && is_checked_kind(object_ref(object));
}

bool Engine::check(const Manifest& manifest, std::vector<Finding>& out) const {
  if (!is_checked_kind(manifest.ref()) || !manifest.object().is_object()) return false;
  return check(manifest, document_pragmas(manifest.document()), out);
}

bool Engine::check(const Manifest& manifest, const IgnorePragmas& pragmas,
                   std::vector<Finding>& out) const {
  const json& object = manifest.object();
  const ObjectRef& ref = manifest.ref();
  if (!object.is_object() || !is_checked_kind(ref)) return false;
  if (exempt(config_.exempt, ref)) return true;

  const k8s::Node metadata = k8s::Node{&object, ""}.child("metadata");
  const k8s::Node template_metadata = k8s::job_metadata(object);
  // The annotations are read once per object; each rule then looks its id up here.
  std::vector<std::string_view> ignored;
  annotation_ignored_rules(metadata, ignored);
  if (manifest.is_cronjob()) annotation_ignored_rules(template_metadata, ignored);
  const Position object_start = manifest.locate("");

  const bool cronjob = ref.kind == "CronJob";  // else a Job (is_checked_kind)
  const auto runs = [&](const ActiveRule& active) {
    return (cronjob ? active.for_cronjob : active.for_job) &&
           (ignored.empty() ||
            std::find(ignored.begin(), ignored.end(), active.rule->info.id) == ignored.end());
  };
  const auto report = [&](const ActiveRule& active, Violation& violation) {
    const Rule& rule = *active.rule;
    Finding finding;
    finding.rule_id = rule.info.id;
    finding.pointer = std::move(violation.pointer);
    finding.pos = manifest.locate(finding.pointer);
    // What pragma suppression reads is set; the rest only for findings that are reported.
    if (pragma_ignores(pragmas, manifest, finding, object_start)) return;
    finding.severity = active.severity;
    finding.message = std::move(violation.message);
    finding.hint = violation.hint.empty() ? rule.info.remediation : std::move(violation.hint);
    finding.file = manifest.file_path();
    finding.object = ref;
    finding.document_index = manifest.document().index;
    finding.base_pointer = manifest.base_pointer();
    finding.fix = std::move(violation.fix);
    out.push_back(std::move(finding));
  };

  // Rules about what the author wrote run first, on the object as parsed (RuleInfo::as_written);
  // their violations wait, so that findings come in the rules' order whatever ran first.
  HoldingReporter held;
  for (const std::size_t i : as_written_rules_) {
    const ActiveRule& active = active_rules_[i];
    if (!runs(active)) continue;
    held.rule = i;
    active.check(CheckContext(object, {}, active.options, config_.kube_version), held);
  }

  // The other rules decide on the defaulted object: defaulted in place and restored exactly when
  // `defaults` ends, instead of deep-copied. Only its members' storage changes (never the root
  // value the manifest refers to), and a manifest is checked by one thread at a time.
  const k8s::ScopedDefaults defaults(const_cast<json&>(object));
  std::size_t next_held = 0;
  for (std::size_t i = 0; i < active_rules_.size(); ++i) {
    const ActiveRule& active = active_rules_[i];
    if (active.as_written) {
      for (; next_held < held.violations.size() && held.violations[next_held].first == i;
           ++next_held) {
        report(active, held.violations[next_held].second);
      }
      continue;
    }
    if (!runs(active)) continue;
    CheckContext context(object, defaults.members(), active.options, config_.kube_version);
    CollectingReporter reporter;
    active.check(context, reporter);
    for (Violation& violation : reporter.violations) report(active, violation);
  }
  return true;
}

void Engine::check_document(const std::shared_ptr<const Document>& document, Report& report) const {
  if (!document->value.is_object()) {
    Position start = document->source.locate("");
    report.errors.push_back(LoadError{document->file ? document->file->path : "", start,
                                      "document " + std::to_string(document->index + 1) +
                                          " is not a Kubernetes object (got " +
                                          json_type_name(document->value) + ")"});
    return;
  }
  const IgnorePragmas pragmas = document_pragmas(*document);
  for (const Manifest& manifest : manifests_of(document)) {
    if (check(manifest, pragmas, report.findings)) {
      ++report.objects_checked;
      report.checked.push_back({document->file ? document->file->path : "", document->index,
                                manifest.base_pointer(), manifest.ref(), manifest.locate("")});
    } else {
      ++report.objects_skipped;
    }
  }
}

void Engine::check_file(const std::shared_ptr<const SourceFile>& file, Report& report,
                        const LoadLimits& limits) const {
  ++report.files;
  auto error = parse_documents(
      file, [&](std::shared_ptr<const Document> document) { check_document(document, report); },
      limits);
  if (error) report.errors.push_back(std::move(*error));
}

namespace {

// One op of add/replace/remove/test either applies whole or throws before changing anything
// (add_creating_parents only creates members below the first missing one), so a fix of one
// such op needs no copy to be skipped whole; "move" removes before it adds, so it does.
bool applies_atomically(const json& fix) {
  if (fix.size() != 1 || !fix[0].is_object()) return false;
  const auto kind = fix[0].find("op");
  if (kind == fix[0].end() || !kind->is_string()) return false;
  const auto& name = kind->get_ref<const std::string&>();
  return name == "add" || name == "replace" || name == "remove" || name == "test";
}

void apply_fix(json& fixed, const json& fix) {
  if (!fix.is_array()) return;
  try {
    if (applies_atomically(fix)) {
      apply_op(fixed, fix[0]);
      return;
    }
    json attempt = fixed;
    for (const auto& op : fix) apply_op(attempt, op);
    fixed = std::move(attempt);
  } catch (const std::exception&) {
    // A fix that no longer applies (e.g. another fix changed its parent) is skipped whole.
  }
}

using TokenPath = std::vector<std::string>;

// The touched paths (from `depth` on) that go on through the member `key`.
std::vector<const TokenPath*> through(const std::vector<const TokenPath*>& touched,
                                      std::size_t depth, std::string_view key) {
  std::vector<const TokenPath*> below;
  for (const TokenPath* t : touched) {
    if ((*t)[depth] == key) below.push_back(t);
  }
  return below;
}

bool ends_here(const std::vector<const TokenPath*>& touched, std::size_t depth) {
  return std::any_of(touched.begin(), touched.end(),
                     [&](const TokenPath* t) { return t->size() <= depth; });
}

// The members the touched paths go on through at `depth` (where none of them ends), each once,
// in std::map's key order: the order json::diff visits an object's members in. Walking these
// instead of every member of the object touches a member or two per level.
std::vector<std::string_view> next_members(const std::vector<const TokenPath*>& touched,
                                           std::size_t depth) {
  std::vector<std::string_view> keys;
  keys.reserve(touched.size());
  for (const TokenPath* t : touched) keys.emplace_back((*t)[depth]);
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

// What of `source` the fixes can read or change: the members on a touched path, whole where a
// path ends or something other than an object lies on it. An op reads and writes only at its
// path and from, and diff_touched reads no other member, so the rest need not be copied.
json touched_copy(const json& source, const std::vector<const TokenPath*>& touched,
                  std::size_t depth) {
  if (ends_here(touched, depth) || !source.is_object()) return source;
  json out = json::object();
  for (const std::string_view key : next_members(touched, depth)) {
    if (const json* value = find_member(source, key)) {
      out[std::string(key)] = touched_copy(*value, through(touched, depth, key), depth + 1);
    }
  }
  return out;
}

// json::diff(source, target, path), walking only the members named by `touched` (the token paths
// of every fix op, from `depth` on): the others were not touched by a fix, so they are equal.
// Objects are visited in json::diff's order (removals and changes in the source's key order,
// then additions in the target's), so the ops come out identical; anything else on a touched
// path (arrays, whose indices shift; leaves; a changed type) is left to json::diff.
void diff_touched(const json& source, const json& target, const std::string& path,
                  const std::vector<const TokenPath*>& touched, std::size_t depth, json& out) {
  if (ends_here(touched, depth) || !source.is_object() || !target.is_object()) {
    for (auto& op : json::diff(source, target, path)) out.push_back(std::move(op));
    return;
  }
  const std::vector<std::string_view> keys = next_members(touched, depth);
  for (const std::string_view key : keys) {
    const json* before = find_member(source, key);
    if (before == nullptr) continue;
    const std::string child = join_pointer(path, key);
    if (const json* after = find_member(target, key)) {
      diff_touched(*before, *after, child, through(touched, depth, key), depth + 1, out);
    } else {
      out.push_back(patch_op("remove", child));
    }
  }
  for (const std::string_view key : keys) {
    if (find_member(source, key) != nullptr) continue;
    if (const json* after = find_member(target, key)) {
      out.push_back(patch_op("add", join_pointer(path, key), *after));
    }
  }
}

}  // namespace

json apply_fixes(const json& object, const std::vector<Finding>& findings) {
  json fixed = object;
  for (const Finding& finding : findings) apply_fix(fixed, finding.fix);
  return fixed;
}

json fix_patch(const json& object, const std::vector<const Finding*>& findings) {
  std::vector<TokenPath> paths;
  for (const Finding* finding : findings) {
    if (!finding->fix.is_array()) continue;
    for (const auto& op : finding->fix) {
      for (const char* member : {"path", "from"}) {
        const auto at = op.is_object() ? op.find(member) : op.end();
        if (at != op.end() && at->is_string()) {
          paths.push_back(split_pointer(at->get_ref<const std::string&>()));
        }
      }
    }
  }
  json patch = json::array();
  if (paths.empty()) return patch;
  std::vector<const TokenPath*> touched;
  for (const TokenPath& path : paths) touched.push_back(&path);
  // The fixes run on a copy of the touched paths only: copying the whole object (and freeing
  // it) was most of a /mutate request's extra cost over /validate.
  json fixed = touched_copy(object, touched, 0);
  for (const Finding* finding : findings) apply_fix(fixed, finding->fix);
  diff_touched(object, fixed, "", touched, 0, patch);
  return patch;
}

}  // namespace jobwarden::core
