#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

#include "rules/core/utf8.hpp"
#include "tests/webhook/tls_support.hpp"
#include "tests/webhook/webhook_fixtures.hpp"
#include "webhook/admission.hpp"

using jobwarden::core::is_valid_utf8;
using nlohmann::json;
using namespace jobwarden::webhook;
using jobwarden::testing::review;

namespace {
std::string reason_of(std::string_view body) {
  auto result = decode_review_text(body);
  REQUIRE(result.error);
  CHECK(!result.request);
  return result.error->reason;
}
}  // namespace

TEST_CASE("admission codec: base64 round trip with padding") {
  CHECK(base64_encode("") == "");
  CHECK(base64_encode("f") == "Zg==");
  CHECK(base64_encode("fo") == "Zm8=");
  CHECK(base64_encode("foo") == "Zm9v");
  CHECK(base64_encode("foob") == "Zm9vYg==");
  const std::string patch = R"([{"op":"add","path":"/spec/ttlSecondsAfterFinished","value":3600}])";
  // The example of reference §4.3.
  CHECK(base64_encode(patch) ==
        "W3sib3AiOiJhZGQiLCJwYXRoIjoiL3NwZWMvdHRsU2Vjb25kc0FmdGVyRmluaXNoZWQiLCJ2YWx1ZSI6MzYwMH1d");
  CHECK(base64_decode(base64_encode(patch)) == patch);
  CHECK(base64_decode("Zg==") == "f");
  CHECK(!base64_decode("Zg="));
  CHECK(!base64_decode("Z!=="));
}

TEST_CASE("admission codec: UTF-8 validation and nesting depth") {
  CHECK(is_valid_utf8("plain"));
  CHECK(is_valid_utf8("\xE2\x80\xA6 caf\xC3\xA9 \xF0\x9F\x98\x80"));
  CHECK_FALSE(is_valid_utf8("\xFF"));
  CHECK_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong "/"
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
  CHECK_FALSE(is_valid_utf8("\xE2\x80"));          // truncated
  CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // > U+10FFFF
  // Past, inside and across the eight-byte ASCII words the check skips.
  const std::string ascii(16, 'a');
  for (std::size_t at = 0; at <= ascii.size(); ++at) {
    const std::string head = ascii.substr(0, at);
    const std::string tail = ascii.substr(at);
    CHECK(is_valid_utf8(head + "\xC3\xA9" + tail));
    CHECK(is_valid_utf8(head + "\xF0\x9F\x98\x80" + tail));
    CHECK_FALSE(is_valid_utf8(head + "\xFF" + tail));
    CHECK_FALSE(is_valid_utf8(head + "\xE2\x80" + tail));
    CHECK_FALSE(is_valid_utf8(head + "\xC0\xAF" + tail));
  }
  CHECK(json_nesting_depth(R"({"a":[1,{"b":[]}]})", 512) == 4);
  CHECK(json_nesting_depth(R"({"a":"[[[[{{{{"})", 512) == 1);         // brackets in strings
  CHECK(json_nesting_depth(R"({"a":"\"[[[[{{{{"})", 512) == 1);       // escaped quote
  CHECK(json_nesting_depth(std::string(100000, '['), 512) == 513);    // stops at the bound
  CHECK(json_nesting_depth(R"({"a":"x\\","b":[[1]]})", 512) == 3);    // an escaped backslash
  CHECK(json_nesting_depth(R"({"a":"x\\\"[[","b":[1]})", 512) == 2);  // then an escaped quote
  CHECK(json_nesting_depth(R"(["\\\\"])", 512) == 1);
  CHECK(json_nesting_depth(R"({"a":"[[[[)", 512) == 1);  // unterminated string
}

TEST_CASE("admission codec: responses are the bytes nlohmann's dump() writes") {
  AdmissionResponse response;
  response.uid = "u\"id\\ \x01 caf\xC3\xA9";
  response.allowed = false;
  response.status = Status{422, "Invalid", "bad \"x\"\n\xFF"};  // invalid UTF-8 too
  response.patch = json::parse(R"([{"op":"add","path":"/spec/x","value":"\u00e9"}])");
  response.warnings = {"plain", "tab\there", "\xE2\x80\xA6 cut"};
  response.audit_annotations = {{"jobwarden.dev/b", "2"}, {"jobwarden.dev/a", "\"1\""}};
  json expected = json::object();
  expected["uid"] = response.uid;
  expected["allowed"] = false;
  expected["status"] = {{"code", 422},
                        {"reason", "Invalid"},
                        {"message", response.status->message},
                        {"status", "Failure"}};
  expected["patchType"] = "JSONPatch";
  expected["patch"] = base64_encode(response.patch->dump());
  expected["warnings"] = response.warnings;
  expected["auditAnnotations"] = response.audit_annotations;
  const json review = {
      {"apiVersion", "admission.k8s.io/v1"}, {"kind", "AdmissionReview"}, {"response", expected}};
  CHECK(encode_response(kAdmissionV1, response) ==
        review.dump(-1, ' ', false, json::error_handler_t::replace));
  AdmissionResponse allow;
  allow.uid = "abc";
  CHECK(encode_response(kAdmissionV1, allow) ==
        R"({"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview",)"
        R"("response":{"allowed":true,"uid":"abc"}})");
}

TEST_CASE("admission codec: decodes a v1 request") {
  json body = review("UPDATE", jobwarden::testing::good_job(), jobwarden::testing::good_job());
  body["request"]["subResource"] = "status";
  body["request"]["dryRun"] = true;
  auto result = decode_review(body);
  REQUIRE(result.request);
  const AdmissionRequest& request = *result.request;
  CHECK(request.api_version == "admission.k8s.io/v1");
  CHECK(request.uid == "705ab4f5-6393-11e8-b7cc-42010a800002");
  CHECK(request.kind.group == "batch");
  CHECK(request.kind.version == "v1");
  CHECK(request.kind.kind == "Job");
  CHECK(request.resource.resource == "jobs");
  CHECK(request.sub_resource == "status");
  CHECK(request.name == "pi");
  CHECK(request.namespace_name == "default");
  CHECK(request.operation == "UPDATE");
  CHECK(request.user.username == "alice");
  CHECK(request.user.groups == std::vector<std::string>{"system:authenticated"});
  CHECK(request.object == jobwarden::testing::good_job());
  CHECK(request.old_object == jobwarden::testing::good_job());
  CHECK(request.dry_run);
}

TEST_CASE("admission codec: the official AdmissionReview fixture decodes") {
  const std::string text =
      jobwarden::testing::read_file(std::string(JOBWARDEN_SOURCE_DIR) +
                                    "/tests/webhook/data/admission.k8s.io.v1.AdmissionReview.json");
  REQUIRE(!text.empty());
  auto result = decode_review_text(text);
  REQUIRE(result.request);
  CHECK(result.request->uid == "uidValue");
  CHECK(result.request->operation == "operationValue");
  CHECK(result.request->sub_resource == "subResourceValue");
  CHECK(result.request->kind.kind == "kindValue");
  CHECK(result.request->user.groups == std::vector<std::string>{"groupsValue"});
  CHECK(result.request->object["kind"] == "CustomType");
  CHECK(result.request->dry_run);
}

TEST_CASE("admission codec: rejects what is not an AdmissionReview, with the reason") {
  CHECK(reason_of("") == "empty body: expected an AdmissionReview");
  CHECK(reason_of("[]") == "body must be a JSON object (an AdmissionReview), got an array");
  CHECK(reason_of("\xFF{}") == "body is not valid UTF-8");
  CHECK(reason_of(std::string(100000, '[') + std::string(100000, ']')) ==
        "JSON nesting is deeper than 512 levels");
  CHECK(reason_of("{").rfind("body is not valid JSON: ", 0) == 0);
  CHECK(reason_of(R"({"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"})") ==
        "AdmissionReview has no request");
  CHECK(reason_of(R"({"apiVersion":"admission.k8s.io/v1","kind":"Pod","request":{}})") ==
        "not an AdmissionReview: kind is \"Pod\"");
  CHECK(
      reason_of(R"({"apiVersion":"admission.k8s.io/v2","kind":"AdmissionReview","request":{}})") ==
      "unsupported AdmissionReview apiVersion \"admission.k8s.io/v2\" (supported: "
      "admission.k8s.io/v1, admission.k8s.io/v1beta1)");
  CHECK(reason_of(R"({"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":5})") ==
        "request must be an object, got an integer");
  CHECK(reason_of(R"({"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview",
                      "request":{"operation":"CREATE"}})") == "request.uid is missing");
  CHECK(reason_of(R"({"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview",
                      "request":{"uid":"u","operation":"CREATE","object":"job"}})") ==
        "request.object must be an object, got a string");
  CHECK(reason_of(R"({"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview",
                      "request":{"uid":"u","operation":"CREATE","object":[]}})") ==
        "request.object must be an object, got an array");
  CHECK(reason_of(R"({"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview",
                      "request":{"uid":"u","operation":"CREATE","dryRun":"yes"}})") ==
        "request.dryRun must be a boolean, got a string");
  CHECK(reason_of(R"({"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview",
                      "request":{"uid":7,"operation":"CREATE"}})") ==
        "request.uid must be a string, got an integer");
  CHECK(reason_of(R"({"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview",
                      "request":{"uid":"u","operation":"CREATE","userInfo":{"groups":"a"}}})") ==
        "request.userInfo.groups must be an array, got a string");
  auto big = decode_review_text(std::string(kMaxBodyBytes + 1, ' '));
  REQUIRE(big.error);
  CHECK(big.error->http_status == 413);
}

TEST_CASE("admission codec: null object and oldObject are accepted (CREATE, DELETE)") {
  auto result = decode_review(review("DELETE", nullptr, jobwarden::testing::good_job()));
  REQUIRE(result.request);
  CHECK(result.request->object.is_null());
  CHECK(result.request->old_object.is_object());
}

TEST_CASE("admission codec: responses echo uid and version, patch is base64 JSONPatch") {
  AdmissionResponse allow;
  allow.uid = "abc";
  CHECK(json::parse(encode_response(kAdmissionV1, allow)) ==
        json::parse(R"({"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview",
                        "response":{"uid":"abc","allowed":true}})"));
  AdmissionResponse deny;
  deny.uid = "abc";
  deny.allowed = false;
  deny.status = Status{403, "Forbidden", "no"};
  deny.warnings = {"w1"};
  CHECK(json::parse(encode_response(kAdmissionV1beta1, deny)) ==
        json::parse(R"({"apiVersion":"admission.k8s.io/v1beta1","kind":"AdmissionReview",
                        "response":{"uid":"abc","allowed":false,"warnings":["w1"],
                          "status":{"code":403,"reason":"Forbidden","message":"no","status":"Failure"}}})"));
  AdmissionResponse patch;
  patch.uid = "abc";
  patch.patch =
      json::parse(R"([{"op":"add","path":"/spec/ttlSecondsAfterFinished","value":3600}])");
  json encoded = json::parse(encode_response(kAdmissionV1, patch));
  CHECK(encoded["response"]["patchType"] == "JSONPatch");
  CHECK(encoded["response"]["patch"] ==
        "W3sib3AiOiJhZGQiLCJwYXRoIjoiL3NwZWMvdHRsU2Vjb25kc0FmdGVyRmluaXNoZWQiLCJ2YWx1ZSI6MzYwMH1d");
}
