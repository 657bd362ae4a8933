#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "rules/engine/config.hpp"
#include "rules/engine/engine.hpp"
#include "webhook/admission.hpp"

// Admission decisions: AdmissionRequest -> engine -> AdmissionResponse. No sockets, no files.
namespace jobwarden::webhook {

// An immutable configuration and the engine that reads it. The server swaps whole Policies
// (shared_ptr<const Policy>) on reload, so a request sees one consistent config from start to end.
struct Policy {
  explicit Policy(core::Config config_in) : engine(std::move(config_in)) {}
  Policy(const Policy&) = delete;
  Policy& operator=(const Policy&) = delete;

  core::Engine engine;
  const core::Config& config = engine.config();  // the engine keeps the one copy
};

enum class Endpoint { validate, mutate };
std::string_view to_string(Endpoint endpoint);

// Limits on `warnings` (reference §4.5): per item (in code points) and in total (bytes).
inline constexpr std::size_t kMaxWarningChars = 120;
inline constexpr std::size_t kMaxWarningsBytes = 4096;

// Bounds on the work and output of one object: findings kept (then one "… N more findings"
// finding with rule id kTruncatedFindingsId), the deny message, and reasons of HTTP errors.
inline constexpr std::size_t kMaxFindingsPerObject = 100;
inline constexpr std::size_t kMaxDenyMessageBytes = 8 * 1024;
inline constexpr std::size_t kMaxReasonChars = 400;
inline constexpr std::string_view kTruncatedFindingsId = "jobwarden-findings-truncated";

struct Decision {
  AdmissionResponse response;
  // "allow", "deny", "patch" (mutate returned a patch) or "skip" (not checked: DELETE, CONNECT,
  // subresource, other kinds, exempt user/group/labels, CronJob-owned Job).
  std::string outcome;
  std::string skip_reason;              // why it was skipped, for the log
  std::vector<core::Finding> findings;  // every finding on the object (before ratcheting)
  std::vector<std::string> denied_by;   // rule ids that denied
};

// Keeps at most kMaxFindingsPerObject findings, the most severe first (stable otherwise).
void cap_findings(std::vector<core::Finding>& findings);

Decision review(Endpoint endpoint, const AdmissionRequest& request, const Policy& policy);

// Helpers, exposed for tests.
// Replaces control characters (C0, DEL, C1) with spaces and invalid UTF-8 bytes with '?'.
std::string sanitize_text(std::string_view text);
// sanitize_text(), then at most `max_chars` code points, the last being "…" when cut.
std::string truncate_text(std::string_view text, std::size_t max_chars);
// truncate_text() each candidate, drop empty ones and duplicates, and stop before the total
// reaches kMaxWarningsBytes with a last "… N more findings".
std::vector<std::string> bounded_warnings(const std::vector<std::string>& candidates);
// The exemption selector (k8s::LabelSelector, Kubernetes semantics) against the object's labels.
// A null, empty ({}) or invalid selector matches nothing (an exemption must be explicit).
bool label_selector_matches(const nlohmann::json& selector, const nlohmann::json& object);

}  // namespace jobwarden::webhook
