#include "webhook/handler.hpp"

#include <algorithm>
#include <set>
#include <string_view>
#include <unordered_set>
#include <utility>

#include "rules/core/glob.hpp"
#include "rules/core/json_pointer.hpp"
#include "rules/core/manifest.hpp"
#include "rules/core/registry.hpp"
#include "rules/core/utf8.hpp"
#include "rules/k8s/label_selector.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::webhook {

using core::Finding;
using nlohmann::json;

std::string_view to_string(Endpoint endpoint) {
  return endpoint == Endpoint::validate ? "validate" : "mutate";
}

namespace {

bool is_control(std::uint32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F);
}

}  // namespace

std::string sanitize_text(std::string_view text) {
  // Messages are nearly all printable ASCII: copy each run of it whole, and go code point by
  // code point only over the rest.
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    std::size_t run = i;
    while (run < text.size() && text[run] >= 0x20 && text[run] < 0x7F) ++run;
    out.append(text.substr(i, run - i));
    i = run;
    if (i == text.size()) break;
    std::uint32_t cp = 0;
    std::size_t len = core::utf8_sequence_length(text, i, cp);
    if (len == 0) {
      out += '?';
      ++i;
      continue;
    }
    if (is_control(cp)) {
      out += ' ';
    } else {
      out.append(text.substr(i, len));
    }
    i += len;
  }
  return out;
}

std::string truncate_text(std::string_view text, std::size_t max_chars) {
  std::string clean = sanitize_text(text);
  if (clean.size() <= max_chars) return clean;  // no more code points than bytes
  // `clean` is valid UTF-8: a code point starts at every byte that is not 10xxxxxx.
  std::size_t chars = 0;
  std::size_t cut = std::string::npos;  // byte offset where code point max_chars-1 starts
  for (std::size_t i = 0; i < clean.size(); ++i) {
    if ((static_cast<unsigned char>(clean[i]) & 0xC0) == 0x80) continue;
    if (chars == max_chars - 1) cut = i;
    if (++chars > max_chars) {
      clean.resize(cut);
      clean += "\xE2\x80\xA6";  // "…"
      return clean;
    }
  }
  return clean;
}

std::vector<std::string> bounded_warnings(const std::vector<std::string>& candidates) {
  // Repeats are found by a scan while there are few warnings (a review has a handful: no set
  // nodes or key copies), and by a hash set of views into `unique` past that.
  constexpr std::size_t kScanned = 16;
  std::vector<std::string> unique;
  unique.reserve(candidates.size());  // never reallocated: `seen` holds views of its strings
  std::unordered_set<std::string_view> seen;
  for (const auto& candidate : candidates) {
    std::string warning = truncate_text(candidate, kMaxWarningChars);
    if (warning.empty()) continue;
    if (unique.size() < kScanned) {
      if (std::find(unique.begin(), unique.end(), warning) != unique.end()) continue;
    } else {
      if (seen.empty()) seen.insert(unique.begin(), unique.end());
      if (seen.count(warning) != 0) continue;
    }
    unique.push_back(std::move(warning));
    if (!seen.empty()) seen.insert(unique.back());
  }
  // Room for the closing "… N more findings" line.
  constexpr std::size_t kReserve = 48;
  std::size_t total = 0;
  for (std::size_t i = 0; i < unique.size(); ++i) {
    const bool last = i + 1 == unique.size();
    const std::size_t limit = kMaxWarningsBytes - 1 - (last ? 0 : kReserve);
    if (total + unique[i].size() > limit) {
      const std::size_t more = unique.size() - i;
      unique.resize(i);
      unique.push_back("\xE2\x80\xA6 " + std::to_string(more) + " more findings");
      return unique;
    }
    total += unique[i].size();
  }
  return unique;
}

bool label_selector_matches(const json& selector, const json& object) {
  const k8s::LabelSelector parsed = k8s::LabelSelector::parse(selector);
  // An exemption must say what it exempts: a selector without requirements (which Kubernetes
  // reads as "everything") exempts nothing here.
  if (parsed.selects_everything()) return false;
  const json* labels = core::find_at(object, "/metadata/labels");
  return parsed.matches(labels != nullptr ? *labels : json());
}

namespace {

bool is_batch_workload_kind(const GroupVersionKind& kind) {
  if (kind.kind.empty()) return true;  // not sent: decide on the object alone
  return kind.group == "batch" && (kind.kind == "Job" || kind.kind == "CronJob");
}

std::string finding_text(const Finding& finding) {
  std::string text = "[" + finding.rule_id + "] ";
  if (!finding.pointer.empty()) text += finding.pointer + ": ";
  text += finding.message;
  return text;
}

// Warnings: sanitized, cut to kMaxWarningChars, deduplicated, then bounded_warnings().
class WarningList {
 public:
  void add(std::string_view text) { pending_.emplace_back(text); }
  std::vector<std::string> take() { return bounded_warnings(pending_); }

 private:
  std::vector<std::string> pending_;
};

core::ObjectRef display_ref(const AdmissionRequest& request) {
  core::ObjectRef ref = core::object_ref(request.object);
  if (ref.namespace_name.empty()) ref.namespace_name = request.namespace_name;
  // CREATE with generateName: the name is made up after mutating admission. Say "pi-*".
  const json* name = core::find_at(request.object, "/metadata/name");
  const json* generate = core::find_at(request.object, "/metadata/generateName");
  if ((name == nullptr || !name->is_string() || name->get<std::string>().empty())) {
    if (!request.name.empty()) {
      ref.name = request.name;
    } else if (generate != nullptr && generate->is_string()) {
      ref.name = generate->get<std::string>() + "*";
    }
  }
  if (ref.kind.empty()) ref.kind = request.kind.kind;
  return ref;
}

// Rules that implement §2 of the Job/admission reference ("what the API server rejects") report
// objects the API server would refuse whatever their configured severity: 422 Invalid. Any other
// denial is this cluster's policy: 403 Forbidden.
bool api_server_rejects(const Finding& finding) {
  const core::Rule* rule = core::Registry::instance().find(finding.rule_id);
  return rule != nullptr && rule->info.reference.starts_with("§2");
}

using FindingKey = std::pair<std::string, std::string>;

// (rule, pointer) of the findings oldObject already had on UPDATE: those never deny and are never
// fixed (ratcheting). Runs the engine on oldObject, so callers ask only when the answer matters.
std::set<FindingKey> old_finding_keys(const AdmissionRequest& request, const Policy& policy) {
  std::set<FindingKey> keys;
  if (request.operation != "UPDATE" || !core::Engine::is_checked_kind(request.old_object)) {
    return keys;
  }
  std::vector<Finding> old_findings;
  policy.engine.check(core::Manifest::borrow(request.old_object), old_findings);
  for (const auto& finding : old_findings) keys.emplace(finding.rule_id, finding.pointer);
  return keys;
}

// Why the request is allowed without looking at the object; empty when it must be checked.
std::string skip_reason(const AdmissionRequest& request, const Policy& policy) {
  if (request.operation != "CREATE" && request.operation != "UPDATE") {
    return "operation " + request.operation;
  }
  if (!request.sub_resource.empty()) return "subresource " + request.sub_resource;
  if (!core::Engine::is_checked_kind(request.object) || !is_batch_workload_kind(request.kind)) {
    return "not a batch/v1 Job or CronJob";
  }
  const core::WebhookSettings& settings = policy.config.webhook;
  if (!request.user.username.empty() &&
      core::glob_match_any(settings.exempt_users, request.user.username)) {
    return "exempt user " + request.user.username;
  }
  for (const auto& group : request.user.groups) {
    if (core::glob_match_any(settings.exempt_groups, group)) return "exempt group " + group;
  }
  if (label_selector_matches(settings.exempt_label_selector, request.object)) {
    return "exempt by label selector";
  }
  if (settings.allow_cronjob_owned_jobs && k8s::is_job(request.object) &&
      k8s::is_owned_by_cronjob(request.object)) {
    return "Job owned by a CronJob";
  }
  return {};
}

void validate(const AdmissionRequest& request, const Policy& policy, Decision& decision) {
  const core::WebhookSettings& settings = policy.config.webhook;
  if (settings.mode == core::WebhookMode::audit) {
    decision.outcome = "allow";
    return;
  }
  const auto could_deny = [&](const Finding& finding) {
    return settings.mode == core::WebhookMode::enforce &&
           finding.severity >= settings.deny_severity;
  };
  std::set<FindingKey> old_keys;
  if (std::any_of(decision.findings.begin(), decision.findings.end(), could_deny)) {
    old_keys = old_finding_keys(request, policy);
  }
  std::vector<const Finding*> denying;
  WarningList warnings;
  for (const auto& finding : decision.findings) {
    if (could_deny(finding) && old_keys.count({finding.rule_id, finding.pointer}) == 0) {
      denying.push_back(&finding);
    } else {
      warnings.add(finding_text(finding));
    }
  }
  decision.response.warnings = warnings.take();
  if (denying.empty()) {
    decision.outcome = "allow";
    return;
  }
  const bool invalid = std::any_of(denying.begin(), denying.end(),
                                   [](const Finding* f) { return api_server_rejects(*f); });
  std::string message = "jobwarden denied " + display_ref(request).display() + ": ";
  for (std::size_t i = 0; i < denying.size(); ++i) {
    const Finding& finding = *denying[i];
    if (message.size() > kMaxDenyMessageBytes) {
      message += "; \xE2\x80\xA6 " + std::to_string(denying.size() - i) + " more";
      for (; i < denying.size(); ++i) decision.denied_by.push_back(denying[i]->rule_id);
      break;
    }
    if (i > 0) message += "; ";
    message += finding_text(finding);
    if (!finding.hint.empty()) {
      std::string_view hint = finding.hint;
      if (hint.ends_with('.')) hint.remove_suffix(1);  // the sentence ends in the parentheses
      message += " (hint: " + std::string(hint) + ")";
    }
    decision.denied_by.push_back(finding.rule_id);
  }
  decision.outcome = "deny";
  decision.response.allowed = false;
  decision.response.status =
      Status{invalid ? 422 : 403, invalid ? "Invalid" : "Forbidden", sanitize_text(message)};
}

void mutate(const AdmissionRequest& request, const Policy& policy, Decision& decision) {
  decision.outcome = "allow";
  if (policy.config.webhook.mode == core::WebhookMode::audit) return;
  // On UPDATE only findings that are new compared with oldObject are fixed: older ones may sit in
  // fields that are immutable now, and changing them would make the API server reject the update.
  std::vector<const Finding*> fixable;
  for (const auto& finding : decision.findings) {
    if (finding.fix.is_array() && !finding.fix.empty()) fixable.push_back(&finding);
  }
  if (fixable.empty()) return;
  const std::set<FindingKey> old_keys = old_finding_keys(request, policy);
  std::erase_if(fixable, [&](const Finding* finding) {
    return old_keys.count({finding->rule_id, finding->pointer}) > 0;
  });
  if (fixable.empty()) return;
  json patch = core::fix_patch(request.object, fixable);
  if (patch.empty()) return;
  WarningList warnings;
  for (const auto& op : patch) {
    const std::string kind = op.value("op", "");
    const std::string path = op.value("path", "");
    if (kind == "remove") {
      warnings.add("jobwarden removed " + path);
    } else {
      warnings.add("jobwarden set " + path + " to " + op.value("value", json()).dump());
    }
  }
  decision.response.warnings = warnings.take();
  decision.response.patch = std::move(patch);
  decision.outcome = "patch";
}

}  // namespace

void cap_findings(std::vector<Finding>& findings) {
  if (findings.size() <= kMaxFindingsPerObject) return;
  // The most severe first, so that a denial is never among the dropped ones.
  std::stable_sort(findings.begin(), findings.end(),
                   [](const Finding& a, const Finding& b) { return a.severity > b.severity; });
  const std::size_t dropped = findings.size() - (kMaxFindingsPerObject - 1);
  findings.resize(kMaxFindingsPerObject - 1);
  Finding more;
  more.rule_id = std::string(kTruncatedFindingsId);
  more.severity = core::Severity::info;
  more.message = "\xE2\x80\xA6 " + std::to_string(dropped) + " more findings not shown";
  more.object = findings.front().object;
  findings.push_back(std::move(more));
}

Decision review(Endpoint endpoint, const AdmissionRequest& request, const Policy& policy) {
  Decision decision;
  decision.response.uid = request.uid;
  decision.skip_reason = skip_reason(request, policy);
  if (!decision.skip_reason.empty()) {
    decision.outcome = "skip";
    return decision;
  }
  policy.engine.check(core::Manifest::borrow(request.object), decision.findings);
  cap_findings(decision.findings);
  if (endpoint == Endpoint::validate) {
    validate(request, policy, decision);
  } else {
    mutate(request, policy, decision);
  }
  return decision;
}

}  // namespace jobwarden::webhook
