#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/core/json_pointer.hpp"
#include "rules/core/registry.hpp"
#include "rules/k8s/api_fields.hpp"
#include "rules/k8s/feature_versions.hpp"
#include "rules/k8s/validation.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;
using nlohmann::json;
namespace api = jobwarden::k8s::api;

const RuleInfo kInfo{
    .id = "job-unknown-field",
    .title = "Unknown field in a Job or CronJob spec or its pod template",
    .severity = Severity::warning,
    .kinds = {"Job", "CronJob"},
    .summary =
        "Reports keys anywhere under a Job's or CronJob's spec (the jobTemplate, the pod "
        "template, its containers, volumes, env entries, ...) that are not fields of that "
        "Kubernetes type in the target version: typos such as paralelism or backoffLimits, "
        "and fields at the wrong level such as env[].image or containers[].volumes. It "
        "suggests the closest known field or the level where the field belongs.",
    .rationale =
        "kubectl (strict field validation) rejects such a manifest: \"strict decoding error: "
        "unknown field \\\"spec.paralelism\\\"\"; other clients get a warning and the API "
        "server silently drops the field, so the setting the author meant never takes effect. "
        "The field sets come from the Kubernetes OpenAPI description of each version (a "
        "generated table, see docs/kubernetes-sources.md); targets outside the versions it "
        "describes use the nearest one. It is a warning rather than an error because a newer "
        "API server may know fields the table does not.",
    .remediation = "Fix the spelling or move the field to the level where it belongs.",
    .options = {},
    .fixable = false,
    .bad_example = "spec:\n  paralelism: 3\n  backoffLimits: 2\n",
    .good_example = "spec:\n  parallelism: 3\n  backoffLimit: 2\n",
    .reference = "",
    .webhook_note =
        "The API server drops unknown fields before admission, so the webhook rarely sees "
        "them; the rule matters for files.",
    // Every key is looked up, so skipping the defaulted ones (a field by construction) saves
    // a seventh of the walk.
    .as_written = true};

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const char x = static_cast<char>(std::tolower(static_cast<unsigned char>(a[i - 1])));
      const char y = static_cast<char>(std::tolower(static_cast<unsigned char>(b[j - 1])));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (x == y ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string suggestion(std::string_view key, const std::vector<std::string_view>& known) {
  std::string_view best;
  std::size_t best_distance = 0;
  for (auto field : known) {
    const std::size_t distance = edit_distance(key, field);
    if (best.empty() || distance < best_distance) {
      best = field;
      best_distance = distance;
    }
  }
  const std::size_t allowed = std::max<std::size_t>(2, key.size() / 4);
  if (best_distance <= allowed) return std::string(best);
  // A truncated name ("activeDeadline" for "activeDeadlineSeconds").
  if (key.size() >= 6) {
    for (auto field : known) {
      if (field.substr(0, key.size()) == key) return std::string(field);
    }
  }
  return {};
}

// One step of the path from the spec to the node being walked: a key, or an array index. Steps
// live on the walk's call stack, each pointing at the one before it, so descending costs no
// allocation and no string.
struct Step {
  const Step* parent;
  std::string_view key;
  std::size_t index = 0;
  bool is_index = false;
};

// An object being walked: its API type and the step that leads to it (nullptr: the spec).
struct Frame {
  const Frame* parent;
  const api::TypeIndex* type;
  const Step* at;
};

// Walks every object node under the spec; a pointer string is built only for a finding, so the
// common case, every key known, builds no string.
class Walker {
 public:
  // `base` (the spec's pointer) outlives the walker.
  Walker(const CheckContext& ctx, Reporter& out, std::string_view base)
      : ctx_(ctx), out_(out), base_(base) {}

  // `fields` is api::find_type(type, target); `at` the step to this object. Only the table's
  // slots are read on the way down (their kind and resolved type), no Field row.
  void walk(const json& value, const api::TypeIndex* fields, const Step* at, const Frame* parent) {
    if (!value.is_object() || fields == nullptr) return;
    const Frame frame{parent, fields, at};
    // The object's map itself: nlohmann's items() proxy costs more per key than the look-up.
    for (const auto& [key, child] : value.get_ref<const json::object_t&>()) {
      const api::TypeIndex::Slot* slot = api::find_slot(*fields, key);
      if (slot == nullptr) {
        const std::string child_pointer = join_pointer(pointer(at), key);
        if (!version_reported(child_pointer)) report_unknown(key, child_pointer, frame);
        continue;
      }
      if (slot->member.type != nullptr) {
        const Step step{at, key};
        descend(*slot, child, &step, &frame);
      }
    }
  }

 private:
  void descend(const api::TypeIndex::Slot& field, const json& value, const Step* at,
               const Frame* frame) {
    const api::TypeIndex* fields = field.member.type;
    switch (field.kind) {
      case api::Kind::object:
        walk(value, fields, at, frame);
        return;
      case api::Kind::array:
        if (field.element != api::Kind::object || !value.is_array()) return;
        for (std::size_t i = 0; const json& item : value.get_ref<const json::array_t&>()) {
          const Step step{at, {}, i++, true};
          walk(item, fields, &step, frame);
        }
        return;
      case api::Kind::map:
        if (field.element != api::Kind::object || !value.is_object()) return;
        for (const auto& [key, item] : value.get_ref<const json::object_t&>()) {
          const Step step{at, key};
          walk(item, fields, &step, frame);
        }
        return;
      default:
        return;
    }
  }

  // The JSON Pointer of the node `at` leads to.
  std::string pointer(const Step* at) const {
    std::vector<const Step*> steps;
    for (; at != nullptr; at = at->parent) steps.push_back(at);
    std::string out(base_);
    for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
      const Step& step = **it;
      out = step.is_index ? join_pointer(out, step.index) : join_pointer(out, step.key);
    }
    return out;
  }

  // Fields that the version rules (job-field-*-in-version) report with a better message; worked
  // out at the first unknown key, as most objects have none.
  bool version_reported(const std::string& pointer) {
    if (!version_reported_) {
      version_reported_.emplace();
      for (const auto& use : k8s::feature_uses(ctx_.object())) {
        if (k8s::maturity_at(*use.feature, ctx_.kube_version()) == k8s::Maturity::absent) {
          version_reported_->push_back(use.pointer);
        }
      }
    }
    return std::find(version_reported_->begin(), version_reported_->end(), pointer) !=
           version_reported_->end();
  }

  // Where a field of another level belongs: a pod field written under a Job spec, a Job field
  // under a CronJob spec, or a field of an enclosing object written one level too deep
  // (env[].image, containers[].volumes).
  std::string elsewhere(std::string_view key, const Frame& frame) const {
    const KubeVersion target = ctx_.kube_version();
    const std::string_view type = frame.type->type->name;
    const bool pod_field = api::find_field("V1PodSpec", key, target) != nullptr;
    const bool job_field = api::find_field("V1JobSpec", key, target) != nullptr;
    if (type == "V1JobSpec") return pod_field ? "template.spec" : "";
    if (type == "V1CronJobSpec" || type == "V1JobTemplateSpec") {
      return job_field ? "jobTemplate.spec" : (pod_field ? "jobTemplate.spec.template.spec" : "");
    }
    for (const Frame* outer = frame.parent; outer != nullptr; outer = outer->parent) {
      if (api::find_member(*outer->type, key).field != nullptr) {
        return k8s::field_path(pointer(outer->at));
      }
    }
    return {};
  }

  void report_unknown(const std::string& key, const std::string& pointer, const Frame& frame) {
    const std::string path = k8s::field_path(pointer);
    const std::string place = elsewhere(key, frame);
    const std::string guess =
        place.empty()
            ? suggestion(key, api::field_names(frame.type->type->name, ctx_.kube_version()))
            : std::string();
    std::string message = "unknown field \"" + path + "\"";
    std::string hint;
    if (!place.empty()) {
      message += " (it belongs in " + place + ")";
      hint = "Move " + key + " to " + place + ".";
    } else if (!guess.empty()) {
      message += " (did you mean \"" + guess + "\"?)";
      hint = "Rename it to " + guess + " if that was meant.";
    }
    message += ": kubectl rejects it (strict decoding error) and the API server drops it";
    out_.report(pointer, message, hint);
  }

  const CheckContext& ctx_;
  Reporter& out_;
  std::string_view base_;
  std::optional<std::vector<std::string>> version_reported_;
};

void check(const CheckContext& ctx, Reporter& out) {
  const auto& object = ctx.object();
  const k8s::Node spec = k8s::object_spec(object);
  if (!spec) return;
  const std::string_view type = k8s::is_cronjob(object) ? "V1CronJobSpec" : "V1JobSpec";
  Walker(ctx, out, spec.pointer)
      .walk(*spec, api::find_type(type, ctx.kube_version()), nullptr, nullptr);
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
