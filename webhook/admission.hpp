#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "webhook/json_shape.hpp"

// AdmissionReview codec: pure JSON <-> structs, no sockets, no engine.
// Protocol: reference/k8s-job-and-admission.md §4 (admission.k8s.io/v1 and v1beta1).
namespace jobwarden::webhook {

inline constexpr std::string_view kAdmissionV1 = "admission.k8s.io/v1";
inline constexpr std::string_view kAdmissionV1beta1 = "admission.k8s.io/v1beta1";

// Bounds applied to a request body before and while it is parsed.
inline constexpr std::size_t kMaxBodyBytes = 3u * 1024 * 1024;  // larger bodies: HTTP 413
inline constexpr std::size_t kMaxJsonDepth = 512;               // deeper nesting: HTTP 400

struct GroupVersionKind {
  std::string group;
  std::string version;
  std::string kind;
};

struct GroupVersionResource {
  std::string group;
  std::string version;
  std::string resource;
};

struct UserInfo {
  std::string username;
  std::vector<std::string> groups;
};

struct AdmissionRequest {
  std::string api_version;  // of the review: kAdmissionV1 or kAdmissionV1beta1
  std::string uid;
  GroupVersionKind kind;
  GroupVersionResource resource;
  std::string sub_resource;  // "" unless e.g. "status"
  std::string name;          // may be empty (generateName)
  std::string namespace_name;
  std::string operation;  // CREATE, UPDATE, DELETE, CONNECT (anything else is passed through)
  UserInfo user;
  nlohmann::json object;      // null when absent (DELETE)
  nlohmann::json old_object;  // null when absent (CREATE)
  bool dry_run = false;
};

// Why a body is not an AdmissionReview we can answer; the server replies HTTP `http_status`.
struct DecodeError {
  int http_status = 400;
  std::string reason;
};

struct DecodeResult {
  std::optional<AdmissionRequest> request;  // set on success
  std::optional<DecodeError> error;         // set on failure
};

// Decodes a parsed AdmissionReview. Checks apiVersion/kind, that `request` is an object with a
// string uid and operation, and the types of every field it reads. Taken by value: object and
// oldObject are moved out, not copied.
DecodeResult decode_review(nlohmann::json review);
// Checks the raw body (non-empty, valid UTF-8, nesting depth <= kMaxJsonDepth), parses it, then
// decode_review(). Never throws; the parser never sees input deeper than the bound.
DecodeResult decode_review_text(std::string_view body);

struct Status {
  int code = 0;
  std::string reason;   // "Forbidden", "Invalid"
  std::string message;  // one paragraph
};

struct AdmissionResponse {
  std::string uid;
  bool allowed = true;
  std::optional<Status> status;         // set when denied
  std::optional<nlohmann::json> patch;  // RFC 6902 array; encoded as base64 + patchType
  std::vector<std::string> warnings;
  std::map<std::string, std::string> audit_annotations;
};

// {"apiVersion": api_version, "kind": "AdmissionReview", "response": {...}}, as JSON text.
std::string encode_response(std::string_view api_version, const AdmissionResponse& response);

// Standard base64 with padding (RFC 4648 §4), as Go's encoding/json writes []byte.
std::string base64_encode(std::string_view bytes);
// Inverse of base64_encode; nullopt on invalid input. For tests and tools.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace jobwarden::webhook
