#include "webhook/admission.hpp"

#include <array>

#include "rules/core/json_lookup.hpp"
#include "rules/core/json_text.hpp"
#include "rules/core/json_type.hpp"
#include "rules/core/utf8.hpp"
#include "webhook/handler.hpp"
#include "webhook/json_shape.hpp"

namespace jobwarden::webhook {

using nlohmann::json;

namespace {

DecodeResult fail(std::string reason, int status = 400) {
  DecodeResult result;
  result.error = DecodeError{status, std::move(reason)};
  return result;
}

// Reads an optional string field: absent or null -> "", a string -> its value, else an error.
// (core::find_member: json::find with a const char* runs strlen and memcmp at every level.)
bool read_string(const json& parent, const char* key, std::string_view path, std::string& out,
                 std::string& error) {
  const json* value = core::find_member(parent, key);
  if (value == nullptr || value->is_null()) return true;
  if (!value->is_string()) {
    error =
        std::string(path) + "." + key + " must be a string, got " + core::json_type_name(*value);
    return false;
  }
  out = value->get_ref<const std::string&>();
  return true;
}

// Reads an optional object field: absent/null -> nullptr.
bool read_object(json& parent, const char* key, std::string_view path, json*& out,
                 std::string& error) {
  out = nullptr;
  json* value = core::find_member(parent, key);
  if (value == nullptr || value->is_null()) return true;
  if (!value->is_object()) {
    error =
        std::string(path) + "." + key + " must be an object, got " + core::json_type_name(*value);
    return false;
  }
  out = value;
  return true;
}

bool read_fields(const json& parent, std::string_view path,
                 std::initializer_list<std::pair<const char*, std::string*>> fields,
                 std::string& error) {
  for (const auto& [key, out] : fields) {
    if (!read_string(parent, key, path, *out, error)) return false;
  }
  return true;
}

}  // namespace

DecodeResult decode_review(json review) {
  if (!review.is_object()) {
    return fail(std::string("body must be a JSON object (an AdmissionReview), got ") +
                core::json_type_name(review));
  }
  std::string error;
  std::string api_version;
  std::string kind;
  if (!read_fields(review, "AdmissionReview", {{"apiVersion", &api_version}, {"kind", &kind}},
                   error)) {
    return fail(error);
  }
  if (kind != "AdmissionReview") {
    return fail("not an AdmissionReview: kind is \"" + kind + "\"");
  }
  if (api_version != kAdmissionV1 && api_version != kAdmissionV1beta1) {
    return fail("unsupported AdmissionReview apiVersion \"" + api_version +
                "\" (supported: admission.k8s.io/v1, admission.k8s.io/v1beta1)");
  }
  json* request_member = core::find_member(review, "request");
  if (request_member == nullptr || request_member->is_null()) {
    return fail("AdmissionReview has no request");
  }
  if (!request_member->is_object()) {
    return fail(std::string("request must be an object, got ") +
                core::json_type_name(*request_member));
  }
  json& request = *request_member;
  const std::string_view path = "request";

  AdmissionRequest out;
  out.api_version = api_version;
  if (!read_fields(request, path,
                   {{"uid", &out.uid},
                    {"subResource", &out.sub_resource},
                    {"name", &out.name},
                    {"namespace", &out.namespace_name},
                    {"operation", &out.operation}},
                   error)) {
    return fail(error);
  }
  if (out.uid.empty()) return fail("request.uid is missing");
  if (out.operation.empty()) return fail("request.operation is missing");

  json* node = nullptr;
  if (!read_object(request, "kind", path, node, error)) return fail(error);
  if (node != nullptr &&
      !read_fields(
          *node, "request.kind",
          {{"group", &out.kind.group}, {"version", &out.kind.version}, {"kind", &out.kind.kind}},
          error)) {
    return fail(error);
  }
  if (!read_object(request, "resource", path, node, error)) return fail(error);
  if (node != nullptr && !read_fields(*node, "request.resource",
                                      {{"group", &out.resource.group},
                                       {"version", &out.resource.version},
                                       {"resource", &out.resource.resource}},
                                      error)) {
    return fail(error);
  }
  if (!read_object(request, "userInfo", path, node, error)) return fail(error);
  if (node != nullptr) {
    if (!read_string(*node, "username", "request.userInfo", out.user.username, error)) {
      return fail(error);
    }
    const json* groups = core::find_member(*node, "groups");
    if (groups != nullptr && !groups->is_null()) {
      if (!groups->is_array()) {
        return fail(std::string("request.userInfo.groups must be an array, got ") +
                    core::json_type_name(*groups));
      }
      for (const auto& group : *groups) {
        if (!group.is_string()) {
          return fail(std::string("request.userInfo.groups must hold strings, got ") +
                      core::json_type_name(group));
        }
        out.user.groups.push_back(group.get_ref<const std::string&>());
      }
    }
  }
  if (!read_object(request, "object", path, node, error)) return fail(error);
  if (node != nullptr) out.object = std::move(*node);
  if (!read_object(request, "oldObject", path, node, error)) return fail(error);
  if (node != nullptr) out.old_object = std::move(*node);
  const json* dry_run = core::find_member(request, "dryRun");
  if (dry_run != nullptr && !dry_run->is_null()) {
    if (!dry_run->is_boolean()) {
      return fail(std::string("request.dryRun must be a boolean, got ") +
                  core::json_type_name(*dry_run));
    }
    out.dry_run = dry_run->get<bool>();
  }
  DecodeResult result;
  result.request = std::move(out);
  return result;
}

DecodeResult decode_review_text(std::string_view body) {
  if (body.empty()) return fail("empty body: expected an AdmissionReview");
  if (body.size() > kMaxBodyBytes) {
    return fail("body of " + std::to_string(body.size()) + " bytes is larger than the limit of " +
                    std::to_string(kMaxBodyBytes) + " bytes",
                413);
  }
  if (!core::is_valid_utf8(body)) return fail("body is not valid UTF-8");
  JsonShapeLimits shape;
  shape.max_depth = kMaxJsonDepth;
  json review;
  try {
    if (auto error = parse_json_within(body, shape, review)) return fail(*error);
  } catch (const json::parse_error& e) {
    // e.what() quotes the whole offending token ("last read: ..."), which may be megabytes or a
    // secret: name the position and a short sanitised excerpt instead.
    std::string what = e.what();
    if (auto at = what.find("] "); at != std::string::npos) what.erase(0, at + 2);
    if (auto last = what.find("; last read"); last != std::string::npos) what.erase(last);
    const std::size_t byte = e.byte > 0 ? e.byte - 1 : 0;
    return fail("body is not valid JSON: " + truncate_text(what, 120) + " (byte " +
                std::to_string(byte) + ", near " + excerpt_at(body, byte) + ")");
  }
  return decode_review(std::move(review));
}

std::string encode_response(std::string_view api_version, const AdmissionResponse& response) {
  // Written out directly (a json value and its dump() were a tenth of a request's work), keys
  // in the order nlohmann writes them (sorted), so the bytes are what dump() gave.
  std::string out = R"({"apiVersion":)";
  const auto key = [&out](std::string_view name) {
    out += '"';
    out += name;
    out += "\":";
  };
  core::append_json_string(out, api_version);
  out += R"(,"kind":"AdmissionReview","response":{)";
  key("allowed");
  out += response.allowed ? "true" : "false";
  if (!response.audit_annotations.empty()) {
    out += ',';
    key("auditAnnotations");
    char separator = '{';
    for (const auto& [name, value] : response.audit_annotations) {
      out += separator;
      separator = ',';
      core::append_json_string(out, name);
      out += ':';
      core::append_json_string(out, value);
    }
    out += '}';
  }
  if (response.patch) {
    out += ',';
    key("patch");
    out += '"';
    out += base64_encode(response.patch->dump());
    out += R"(","patchType":"JSONPatch")";
  }
  if (response.status) {
    out += ',';
    key("status");
    out += R"({"code":)";
    out += std::to_string(response.status->code);
    out += ',';
    key("message");
    core::append_json_string(out, response.status->message);
    out += ',';
    key("reason");
    core::append_json_string(out, response.status->reason);
    if (!response.allowed) out += R"(,"status":"Failure")";
    out += '}';
  }
  out += ',';
  key("uid");
  core::append_json_string(out, response.uid);
  if (!response.warnings.empty()) {
    out += ',';
    key("warnings");
    char separator = '[';
    for (const auto& warning : response.warnings) {
      out += separator;
      separator = ',';
      core::append_json_string(out, warning);
    }
    out += ']';
  }
  out += "}}";
  return out;
}

namespace {
constexpr std::string_view kBase64Alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
}

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  for (; i + 3 <= bytes.size(); i += 3) {
    unsigned v = (s[i] << 16) | (s[i + 1] << 8) | s[i + 2];
    out += kBase64Alphabet[(v >> 18) & 63];
    out += kBase64Alphabet[(v >> 12) & 63];
    out += kBase64Alphabet[(v >> 6) & 63];
    out += kBase64Alphabet[v & 63];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest == 1) {
    unsigned v = s[i] << 16;
    out += kBase64Alphabet[(v >> 18) & 63];
    out += kBase64Alphabet[(v >> 12) & 63];
    out += "==";
  } else if (rest == 2) {
    unsigned v = (s[i] << 16) | (s[i + 1] << 8);
    out += kBase64Alphabet[(v >> 18) & 63];
    out += kBase64Alphabet[(v >> 12) & 63];
    out += kBase64Alphabet[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::array<int, 256> table{};
  table.fill(-1);
  for (std::size_t i = 0; i < kBase64Alphabet.size(); ++i) {
    table[static_cast<unsigned char>(kBase64Alphabet[i])] = static_cast<int>(i);
  }
  std::string out;
  for (std::size_t i = 0; i < text.size(); i += 4) {
    int v[4];
    int pad = 0;
    for (int k = 0; k < 4; ++k) {
      char c = text[i + k];
      if (c == '=' && i + 4 == text.size() && k >= 2) {
        v[k] = 0;
        ++pad;
        continue;
      }
      if (pad > 0) return std::nullopt;
      v[k] = table[static_cast<unsigned char>(c)];
      if (v[k] < 0) return std::nullopt;
    }
    unsigned n = (v[0] << 18) | (v[1] << 12) | (v[2] << 6) | v[3];
    out += static_cast<char>((n >> 16) & 0xFF);
    if (pad < 2) out += static_cast<char>((n >> 8) & 0xFF);
    if (pad < 1) out += static_cast<char>(n & 0xFF);
  }
  return out;
}

}  // namespace jobwarden::webhook
