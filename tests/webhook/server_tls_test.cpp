// The webhook server over TLS as the API server calls it: handshake, decisions, patches,
// malformed requests.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>
#include <string>

#include "tests/webhook/server_harness.hpp"
#include "webhook/admission.hpp"

// json, fs and the chrono literals come with the harness's namespace.
using namespace jobwarden::testing;

TEST_CASE("webhook over TLS: handshake as the API server does it", "[webhook][tls]") {
  Harness h;
  TlsClient client(h.ca());
  auto error = client.connect(h.port());
  INFO(error.value_or(""));
  REQUIRE(!error);
  CHECK(client.alpn() == "http/1.1");
  CHECK(client.peer_serial() == "1001");

  auto health = client.request("GET", "/healthz", "", "");
  REQUIRE(health);
  CHECK(health->status == 200);
  CHECK(health->body == "ok\n");
  auto ready = client.request("GET", "/readyz", "", "");
  REQUIRE(ready);
  CHECK(ready->status == 200);

  // The certificate is for jobwarden.jobwarden.svc only.
  TlsClient wrong_name(h.ca(), "other.jobwarden.svc");
  CHECK(wrong_name.connect(h.port()));
}

TEST_CASE("webhook over TLS: admission decisions", "[webhook][tls]") {
  Harness h;
  TlsClient client(h.ca());
  REQUIRE(!client.connect(h.port()));

  SECTION("good Job allowed, on one keep-alive connection") {
    for (int i = 0; i < 20; ++i) {
      CHECK(call(client, "/validate", review("CREATE", good_job())) == allow_response());
      CHECK(client.connected());
    }
  }
  SECTION("bad Job denied with 422, exact message and warnings") {
    json expected = {{"apiVersion", "admission.k8s.io/v1"},
                     {"kind", "AdmissionReview"},
                     {"response",
                      {{"uid", "705ab4f5-6393-11e8-b7cc-42010a800002"},
                       {"allowed", false},
                       {"status",
                        {{"code", 422},
                         {"reason", "Invalid"},
                         {"status", "Failure"},
                         {"message", kRestartDenial}}},
                       {"warnings", {kTtlWarning}}}}};
    CHECK(call(client, "/validate", review("CREATE", bad_job())) == expected);
  }
  SECTION("warnings only: allowed with exact warnings") {
    json job = good_job();
    job["spec"].erase("ttlSecondsAfterFinished");
    json expected = allow_response();
    expected["response"]["warnings"] = {kTtlWarning};
    CHECK(call(client, "/validate", review("CREATE", job)) == expected);
  }
  SECTION("CronJob") {
    CHECK(call(client, "/validate", review("CREATE", good_cronjob())) == allow_response());
    json cronjob = good_cronjob();
    cronjob["spec"]["jobTemplate"]["spec"]["template"]["spec"]["restartPolicy"] = "Always";
    json response = call(client, "/validate", review("CREATE", cronjob));
    CHECK(response["response"]["allowed"] == false);
    CHECK(response["response"]["status"]["code"] == 422);
  }
  SECTION("DELETE, status subresource and other kinds are allowed untouched") {
    CHECK(call(client, "/validate", review("DELETE", nullptr, bad_job())) == allow_response());
    CHECK(call(client, "/mutate", review("DELETE", nullptr, bad_job())) == allow_response());
    json status = review("UPDATE", bad_job(), bad_job());
    status["request"]["subResource"] = "status";
    CHECK(call(client, "/validate", status) == allow_response());
    json pod =
        review("CREATE", {{"apiVersion", "v1"}, {"kind", "Pod"}, {"metadata", {{"name", "p"}}}});
    pod["request"]["kind"] = {{"group", ""}, {"version", "v1"}, {"kind", "Pod"}};
    CHECK(call(client, "/validate", pod) == allow_response());
  }
  SECTION("UPDATE ratcheting") {
    json old_job = bad_job();
    json suspended = old_job;
    suspended["spec"]["suspend"] = true;
    json expected = allow_response();
    expected["response"]["warnings"] = {kTtlWarning, kRestartWarning};
    CHECK(call(client, "/validate", review("UPDATE", suspended, old_job)) == expected);
    json broken = good_job();
    broken["spec"]["template"]["spec"]["restartPolicy"] = "Always";
    json response = call(client, "/validate", review("UPDATE", broken, good_job()));
    CHECK(response["response"]["allowed"] == false);
    CHECK(response["response"]["status"]["code"] == 422);
  }
  SECTION("dryRun gets the same answer") {
    json body = review("CREATE", bad_job());
    json dry = body;
    dry["request"]["dryRun"] = true;
    CHECK(call(client, "/validate", dry) == call(client, "/validate", body));
  }
  SECTION("v1beta1 is answered in v1beta1") {
    json body = review("CREATE", bad_job(), nullptr, "admission.k8s.io/v1beta1");
    json response = call(client, "/validate", body);
    CHECK(response["apiVersion"] == "admission.k8s.io/v1beta1");
    CHECK(response["kind"] == "AdmissionReview");
    CHECK(response["response"]["uid"] == "705ab4f5-6393-11e8-b7cc-42010a800002");
    CHECK(response["response"]["allowed"] == false);
    CHECK(call(client, "/validate",
               review("CREATE", good_job(), nullptr, "admission.k8s.io/v1beta1")) ==
          allow_response("admission.k8s.io/v1beta1"));
  }
  SECTION("the official AdmissionReview fixture gets a well-formed answer") {
    json fixture =
        json::parse(read_file(std::string(JOBWARDEN_SOURCE_DIR) +
                              "/tests/webhook/data/admission.k8s.io.v1.AdmissionReview.json"));
    for (const char* path : {"/validate", "/mutate"}) {
      CHECK(call(client, path, fixture) == allow_response("admission.k8s.io/v1", "uidValue"));
    }
  }
  SECTION("healthz keeps answering between reviews") {
    auto response = client.request("GET", "/healthz", "", "");
    REQUIRE(response);
    CHECK(response->status == 200);
  }
}

TEST_CASE("webhook over TLS: mutate patch applied by python jsonpatch", "[webhook][tls]") {
  std::string python;
  if (!python_jsonpatch(python)) {
    FAIL(
        "python3 with the jsonpatch module is required (scripts/install-test-tools.sh installs "
        "python3-jsonpatch)");
  }
  Harness h;
  TlsClient client(h.ca());
  REQUIRE(!client.connect(h.port()));

  json job = good_job();
  job["spec"].erase("ttlSecondsAfterFinished");
  job["spec"].erase("activeDeadlineSeconds");
  job["spec"].erase("backoffLimit");
  job["spec"]["completions"] = 5;
  job["metadata"]["labels"]["app.kubernetes.io/name"] = "pi";  // a key that needs ~1 escaping
  json response = call(client, "/mutate", review("CREATE", job));
  REQUIRE(response["response"]["allowed"] == true);
  REQUIRE(response["response"]["patchType"] == "JSONPatch");
  auto patch_text =
      jobwarden::webhook::base64_decode(response["response"]["patch"].get<std::string>());
  REQUIRE(patch_text);
  json patch = json::parse(*patch_text);
  REQUIRE(patch.is_array());

  write_file(h.dir + "/object.json", job.dump());
  write_file(h.dir + "/patch.json", *patch_text);
  std::string output;
  int status = run_command(python +
                               " -c 'import json,sys,jsonpatch; o=json.load(open(sys.argv[1])); "
                               "p=jsonpatch.JsonPatch(json.load(open(sys.argv[2]))); "
                               "print(json.dumps(p.apply(o)))' '" +
                               h.dir + "/object.json' '" + h.dir + "/patch.json'",
                           &output);
  INFO(output);
  REQUIRE(status == 0);
  json patched = json::parse(output);
  json expected = job;
  expected["spec"]["ttlSecondsAfterFinished"] = 86400;
  expected["spec"]["activeDeadlineSeconds"] = 86400;
  expected["spec"]["backoffLimit"] = 3;
  expected["spec"]["parallelism"] = 5;
  CHECK(patched == expected);

  // The patched object passes /validate with no findings left to fix.
  CHECK(call(client, "/validate", review("CREATE", patched)) == allow_response());
  // Reinvocation: no patch the second time.
  CHECK(call(client, "/mutate", review("CREATE", patched)) == allow_response());
}

TEST_CASE("webhook over TLS: malformed requests get exact statuses, serving continues",
          "[webhook][tls]") {
  Harness h;
  const std::string good = review("CREATE", good_job()).dump();
  json object_string = review("CREATE", good_job());
  object_string["request"]["object"] = "a Job";
  json no_request = {{"apiVersion", "admission.k8s.io/v1"}, {"kind", "AdmissionReview"}};
  std::string big = review("CREATE", good_job()).dump();
  big.insert(big.size() - 1,
             std::string(",\"pad\":\"") + std::string(10 * 1024 * 1024, 'x') + "\"");
  std::string deep(100000, '[');
  deep += std::string(100000, ']');
  std::string invalid_utf8 = good;
  invalid_utf8.replace(invalid_utf8.find("\"pi\""), 4, "\"\xC3\x28\"");

  struct Case {
    const char* name;
    std::string content_type;
    std::string body;
    int status;
    std::string reason_prefix;
  };
  const std::vector<Case> cases = {
      {"empty body", "application/json", "", 400, "empty body"},
      {"not JSON", "application/json", "hello", 400, "body is not valid JSON"},
      {"JSON array", "application/json", "[1,2]", 400,
       "body must be a JSON object (an AdmissionReview), got an array"},
      {"10 MB body", "application/json", big, 413, "request body is larger than the limit"},
      {"wrong Content-Type", "text/plain", good, 415, "Content-Type must be application/json"},
      {"missing request", "application/json", no_request.dump(), 400,
       "AdmissionReview has no request"},
      {"object of the wrong type", "application/json", object_string.dump(), 400,
       "request.object must be an object, got a string"},
      {"100,000-deep nesting", "application/json", deep, 400, "JSON nesting is deeper than 512"},
      {"invalid UTF-8", "application/json", invalid_utf8, 400, "body is not valid UTF-8"},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    TlsClient client(h.ca());
    REQUIRE(!client.connect(h.port()));
    auto response = client.post("/validate?timeout=10s", c.body, c.content_type);
    INFO(client.error());
    REQUIRE(response);
    CHECK(response->status == c.status);
    CHECK(response->body.rfind(c.reason_prefix, 0) == 0);
    // The server keeps serving.
    TlsClient after(h.ca());
    REQUIRE(!after.connect(h.port()));
    CHECK(call(after, "/validate", json::parse(good)) == allow_response());
  }
  const std::string metrics = h.metrics();
  CHECK(metrics.find("jobwarden_admission_requests_total{endpoint=\"validate\",decision=\"error\","
                     "code=\"400\"} 7") != std::string::npos);
  CHECK(metrics.find("jobwarden_admission_requests_total{endpoint=\"validate\",decision=\"error\","
                     "code=\"413\"} 1") != std::string::npos);
  CHECK(metrics.find("jobwarden_admission_requests_total{endpoint=\"validate\",decision=\"error\","
                     "code=\"415\"} 1") != std::string::npos);
}
