#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>
#include <string>

#include "rules/core/utf8.hpp"
#include "tests/webhook/webhook_fixtures.hpp"
#include "webhook/admission.hpp"
#include "webhook/handler.hpp"

using jobwarden::core::is_valid_utf8;
using nlohmann::json;
using namespace jobwarden::webhook;
using namespace jobwarden::testing;

namespace {

AdmissionRequest decode(const json& body) {
  auto result = decode_review(body);
  REQUIRE(result.request);
  return *result.request;
}

Decision run(Endpoint endpoint, const json& body, const Policy& policy) {
  return review(endpoint, decode(body), policy);
}

const std::string kRestartDenial =
    "[job-restart-policy-always] /spec/template/spec/restartPolicy: restartPolicy Always is not "
    "allowed in a Job pod template: the API server rejects the Job (valid values: OnFailure, "
    "Never) (hint: Set restartPolicy: Never (or OnFailure to restart failed containers in "
    "place))";

std::size_t code_points(const std::string& text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

TEST_CASE("handler: a good Job is allowed without warnings") {
  auto policy = default_policy();
  Decision decision = run(Endpoint::validate, review("CREATE", good_job()), *policy);
  CHECK(decision.outcome == "allow");
  CHECK(decision.response.allowed);
  CHECK(decision.response.uid == "705ab4f5-6393-11e8-b7cc-42010a800002");
  CHECK(!decision.response.status);
  CHECK(decision.response.warnings.empty());
  CHECK(decision.findings.empty());
}

TEST_CASE("handler: a Job the API server would reject is denied with 422 Invalid") {
  auto policy = default_policy();
  Decision decision = run(Endpoint::validate, review("CREATE", bad_job()), *policy);
  CHECK(decision.outcome == "deny");
  CHECK_FALSE(decision.response.allowed);
  REQUIRE(decision.response.status);
  CHECK(decision.response.status->code == 422);
  CHECK(decision.response.status->reason == "Invalid");
  CHECK(decision.response.status->message == "jobwarden denied Job default/pi: " + kRestartDenial);
  CHECK(decision.response.warnings == std::vector<std::string>{kTtlWarning});
  CHECK(decision.denied_by == std::vector<std::string>{"job-restart-policy-always"});
}

TEST_CASE("handler: a field the target version lacks is a policy denial (403), not 422") {
  // The API server drops fields it does not know before admission, so it would not reject this
  // Job: job-field-unsupported-in-version (an error) denies as policy.
  auto policy = policy_from_yaml("kubeVersion: \"1.24\"\n");
  Decision decision = run(Endpoint::validate, review("CREATE", good_job()), *policy);
  CHECK(decision.outcome == "deny");
  REQUIRE(decision.response.status);
  CHECK(decision.response.status->code == 403);
  CHECK(decision.response.status->reason == "Forbidden");
  CHECK(decision.denied_by == std::vector<std::string>{"job-field-unsupported-in-version"});
}

TEST_CASE("handler: an API-server rejection stays 422 at a lowered severity") {
  auto policy = policy_from_yaml(
      "rules:\n  job-restart-policy-always: warning\nwebhook:\n  denySeverity: warning\n");
  Decision decision = run(Endpoint::validate, review("CREATE", bad_job()), *policy);
  REQUIRE(decision.response.status);
  CHECK(decision.response.status->code == 422);
}

TEST_CASE("handler: a policy error (not an API rule) is denied with 403 Forbidden") {
  auto policy = policy_from_yaml("rules:\n  job-missing-ttl: error\n");
  json job = good_job();
  job["spec"].erase("ttlSecondsAfterFinished");
  Decision decision = run(Endpoint::validate, review("CREATE", job), *policy);
  REQUIRE(decision.response.status);
  CHECK(decision.response.status->code == 403);
  CHECK(decision.response.status->reason == "Forbidden");
  CHECK(decision.response.status->message ==
        "jobwarden denied Job default/pi: " + kTtlWarning +
            " (hint: Set ttlSecondsAfterFinished to how long a finished Job should be kept (the "
            "fix sets 86400))");
  CHECK(decision.response.warnings.empty());
}

TEST_CASE("handler: generateName objects are named from request/generateName") {
  auto policy = default_policy();
  json job = bad_job();
  job["metadata"].erase("name");
  job["metadata"]["generateName"] = "pi-";
  json body = review("CREATE", job);
  body["request"]["name"] = "";
  Decision decision = run(Endpoint::validate, body, *policy);
  REQUIRE(decision.response.status);
  CHECK(decision.response.status->message ==
        "jobwarden denied Job default/pi-*: " + kRestartDenial);
}

TEST_CASE("handler: DELETE, CONNECT, subresources and other kinds are allowed untouched") {
  auto policy = default_policy();
  const Endpoint endpoints[] = {Endpoint::validate, Endpoint::mutate};
  for (Endpoint endpoint : endpoints) {
    Decision deleted = run(endpoint, review("DELETE", nullptr, bad_job()), *policy);
    CHECK(deleted.outcome == "skip");
    CHECK(deleted.skip_reason == "operation DELETE");
    CHECK(deleted.response.allowed);
    CHECK(!deleted.response.patch);
    CHECK(deleted.response.warnings.empty());

    Decision connect = run(endpoint, review("CONNECT", bad_job()), *policy);
    CHECK(connect.skip_reason == "operation CONNECT");
    CHECK(connect.response.allowed);

    json status = review("UPDATE", bad_job(), bad_job());
    status["request"]["subResource"] = "status";
    Decision status_update = run(endpoint, status, *policy);
    CHECK(status_update.skip_reason == "subresource status");
    CHECK(status_update.response.allowed);
    CHECK(status_update.response.warnings.empty());
    CHECK(!status_update.response.patch);

    json pod = {{"apiVersion", "v1"}, {"kind", "Pod"}, {"metadata", {{"name", "p"}}}};
    json pod_review = review("CREATE", pod);
    pod_review["request"]["kind"] = {{"group", ""}, {"version", "v1"}, {"kind", "Pod"}};
    Decision other = run(endpoint, pod_review, *policy);
    CHECK(other.skip_reason == "not a batch/v1 Job or CronJob");
    CHECK(other.response.allowed);
    CHECK(other.findings.empty());

    // The object claims to be a Job but the request is for another kind.
    json mismatch = review("CREATE", bad_job());
    mismatch["request"]["kind"]["group"] = "example.com";
    CHECK(run(endpoint, mismatch, *policy).outcome == "skip");
  }
}

TEST_CASE("handler: CronJobs are checked at /spec/jobTemplate/spec") {
  auto policy = default_policy();
  CHECK(run(Endpoint::validate, review("CREATE", good_cronjob()), *policy).response.warnings ==
        std::vector<std::string>{});
  json cronjob = good_cronjob();
  cronjob["spec"]["jobTemplate"]["spec"]["template"]["spec"]["restartPolicy"] = "Always";
  Decision decision = run(Endpoint::validate, review("CREATE", cronjob), *policy);
  REQUIRE(decision.response.status);
  CHECK(decision.response.status->code == 422);
  CHECK(decision.response.status->message ==
        "jobwarden denied CronJob default/nightly: [job-restart-policy-always] "
        "/spec/jobTemplate/spec/template/spec/restartPolicy: restartPolicy Always is not allowed "
        "in a Job pod template: the API server rejects the CronJob (valid values: OnFailure, "
        "Never) (hint: Set restartPolicy: Never (or OnFailure to restart failed containers in "
        "place))");
}

TEST_CASE("handler: modes warn and audit never deny") {
  auto warn = policy_from_yaml("webhook:\n  mode: warn\n");
  Decision warned = run(Endpoint::validate, review("CREATE", bad_job()), *warn);
  CHECK(warned.outcome == "allow");
  CHECK(warned.response.allowed);
  CHECK(!warned.response.status);
  CHECK(warned.response.warnings == std::vector<std::string>{kTtlWarning, kRestartWarning});

  auto audit = policy_from_yaml("webhook:\n  mode: audit\n");
  Decision audited = run(Endpoint::validate, review("CREATE", bad_job()), *audit);
  CHECK(audited.outcome == "allow");
  CHECK(audited.response.allowed);
  CHECK(audited.response.warnings.empty());
  CHECK(audited.findings.size() == 2);  // still computed: logged and counted
  Decision audit_mutate = run(Endpoint::mutate, review("CREATE", bad_job()), *audit);
  CHECK(!audit_mutate.response.patch);
}

TEST_CASE("handler: deny threshold follows webhook.denySeverity") {
  auto policy = policy_from_yaml("webhook:\n  denySeverity: warning\n");
  json job = good_job();
  job["spec"].erase("ttlSecondsAfterFinished");
  Decision decision = run(Endpoint::validate, review("CREATE", job), *policy);
  REQUIRE(decision.response.status);
  CHECK(decision.response.status->code == 403);
  CHECK(decision.denied_by == std::vector<std::string>{"job-missing-ttl"});
}

TEST_CASE("handler: exempt users, groups, labels and namespaces") {
  auto policy = policy_from_yaml(
      "exempt:\n  namespaces: [sandbox-*]\n"
      "webhook:\n"
      "  exemptUsers: ['system:serviceaccount:kube-system:*']\n"
      "  exemptGroups: [break-glass]\n"
      "  exemptLabelSelector:\n"
      "    matchLabels: {jobwarden.io/exempt: 'true'}\n");
  json body = review("CREATE", bad_job());
  CHECK(run(Endpoint::validate, body, *policy).outcome == "deny");

  json by_user = body;
  by_user["request"]["userInfo"]["username"] = "system:serviceaccount:kube-system:job-controller";
  Decision user = run(Endpoint::validate, by_user, *policy);
  CHECK(user.outcome == "skip");
  CHECK(user.skip_reason == "exempt user system:serviceaccount:kube-system:job-controller");
  CHECK(user.response.allowed);

  json by_group = body;
  by_group["request"]["userInfo"]["groups"] = {"system:authenticated", "break-glass"};
  CHECK(run(Endpoint::validate, by_group, *policy).skip_reason == "exempt group break-glass");

  json labelled = bad_job();
  labelled["metadata"]["labels"]["jobwarden.io/exempt"] = "true";
  Decision label = run(Endpoint::validate, review("CREATE", labelled), *policy);
  CHECK(label.skip_reason == "exempt by label selector");
  CHECK(label.response.allowed);

  json sandboxed = bad_job();
  sandboxed["metadata"]["namespace"] = "sandbox-alice";
  Decision ns = run(Endpoint::validate, review("CREATE", sandboxed), *policy);
  CHECK(ns.outcome == "allow");  // the engine skips exempt namespaces: no findings
  CHECK(ns.findings.empty());
}

TEST_CASE("handler: label selectors") {
  json object = {{"metadata", {{"labels", {{"team", "data"}, {"tier", "batch"}}}}}};
  auto matches = [&](const char* selector) {
    return label_selector_matches(json::parse(selector), object);
  };
  CHECK(matches(R"({"matchLabels":{"team":"data"}})"));
  CHECK_FALSE(matches(R"({"matchLabels":{"team":"web"}})"));
  CHECK(matches(R"({"matchExpressions":[{"key":"team","operator":"In","values":["a","data"]}]})"));
  CHECK_FALSE(
      matches(R"({"matchExpressions":[{"key":"team","operator":"NotIn","values":["data"]}]})"));
  CHECK(matches(R"({"matchExpressions":[{"key":"gone","operator":"NotIn","values":["x"]}]})"));
  CHECK(matches(R"({"matchExpressions":[{"key":"tier","operator":"Exists"}]})"));
  CHECK_FALSE(matches(R"({"matchExpressions":[{"key":"tier","operator":"DoesNotExist"}]})"));
  CHECK(matches(
      R"({"matchLabels":{"team":"data"},"matchExpressions":[{"key":"x","operator":"DoesNotExist"}]})"));
  CHECK_FALSE(matches(R"({"matchExpressions":[{"key":"tier","operator":"Bogus"}]})"));
  CHECK_FALSE(matches("{}"));  // an exemption must say what it exempts
  CHECK_FALSE(label_selector_matches(nullptr, object));
}

TEST_CASE("handler: Jobs owned by a CronJob take the fast path when configured") {
  json job = bad_job();
  job["metadata"]["ownerReferences"] = {{{"apiVersion", "batch/v1"},
                                         {"kind", "CronJob"},
                                         {"name", "nightly"},
                                         {"uid", "u"},
                                         {"controller", true}}};
  auto fast = default_policy();
  Decision skipped = run(Endpoint::validate, review("CREATE", job), *fast);
  CHECK(skipped.skip_reason == "Job owned by a CronJob");
  CHECK(skipped.response.allowed);
  auto checked = policy_from_yaml("webhook:\n  allowCronJobOwnedJobs: false\n");
  CHECK(run(Endpoint::validate, review("CREATE", job), *checked).outcome == "deny");
}

TEST_CASE("handler: UPDATE ratcheting: only new findings deny") {
  auto policy = default_policy();
  // The old Job already violates the rule (e.g. admitted before the webhook was installed); a
  // controller toggles suspend.
  json old_job = bad_job();
  json new_job = old_job;
  new_job["spec"]["suspend"] = true;
  Decision toggled = run(Endpoint::validate, review("UPDATE", new_job, old_job), *policy);
  CHECK(toggled.outcome == "allow");
  CHECK(toggled.response.allowed);
  CHECK(toggled.response.warnings == std::vector<std::string>{kTtlWarning, kRestartWarning});

  // A new violation on UPDATE denies.
  auto strict = policy_from_yaml("rules:\n  job-missing-ttl: error\n");
  json before = good_job();
  json after = good_job();
  after["spec"].erase("ttlSecondsAfterFinished");
  Decision fresh = run(Endpoint::validate, review("UPDATE", after, before), *strict);
  CHECK(fresh.outcome == "deny");
  REQUIRE(fresh.response.status);
  CHECK(fresh.response.status->code == 403);
  // ... but the same violation already present before does not.
  json parallel = after;
  parallel["spec"]["parallelism"] = 1;
  parallel["spec"]["suspend"] = true;
  Decision old = run(Endpoint::validate, review("UPDATE", parallel, after), *strict);
  CHECK(old.outcome == "allow");
  CHECK(old.response.warnings == std::vector<std::string>{kTtlWarning});
}

TEST_CASE("handler: dryRun requests get the same answer") {
  auto policy = default_policy();
  json body = review("CREATE", bad_job());
  json dry = body;
  dry["request"]["dryRun"] = true;
  CHECK(encode_response(kAdmissionV1, run(Endpoint::validate, dry, *policy).response) ==
        encode_response(kAdmissionV1, run(Endpoint::validate, body, *policy).response));
}

TEST_CASE("handler: warnings are sanitized, cut to 120 characters, deduplicated, bounded") {
  CHECK(sanitize_text("a\nb\tc\x7f"
                      "d\xC2\x85"
                      "e\xFF") == "a b c d e?");
  CHECK(truncate_text("short", 120) == "short");
  const std::string accents(130, 'a');
  CHECK(truncate_text(accents, 120) == std::string(119, 'a') + "\xE2\x80\xA6");
  std::string wide;
  for (int i = 0; i < 130; ++i) wide += "\xC3\xA9";  // é, 2 bytes each
  std::string cut = truncate_text(wide, 120);
  CHECK(code_points(cut) == 120);
  CHECK(cut.size() == 119 * 2 + 3);
  CHECK(is_valid_utf8(cut));
  const std::string fits = wide.substr(0, 120 * 2);  // 120 code points in 240 bytes: not cut
  CHECK(truncate_text(fits, 120) == fits);
  CHECK(truncate_text("ok\xE2\x80\xA6 \x01" + std::string(130, 'b'), 120) ==
        "ok\xE2\x80\xA6  " + std::string(114, 'b') + "\xE2\x80\xA6");

  // 300 containers without resources: one warning each, which overflows the 4096-byte budget.
  json job = good_job();
  json containers = json::array();
  for (int i = 0; i < 300; ++i) {
    containers.push_back({{"name", i == 0 ? std::string("pi") : "c" + std::to_string(i)},
                          {"image", "registry.example.com/x:1"}});
  }
  job["spec"]["template"]["spec"]["containers"] = containers;
  auto policy = default_policy();
  Decision decision = run(Endpoint::validate, review("CREATE", job), *policy);
  CHECK(decision.denied_by == std::vector<std::string>{});
  const auto& warnings = decision.response.warnings;
  REQUIRE(warnings.size() > 10);
  std::size_t total = 0;
  std::set<std::string> unique;
  for (const auto& warning : warnings) {
    total += warning.size();
    CHECK(code_points(warning) <= 120);
    CHECK(is_valid_utf8(warning));
    CHECK(warning.find_first_of("\n\t\r") == std::string::npos);
    unique.insert(warning);
  }
  CHECK(unique.size() == warnings.size());
  CHECK(total < 4096);
  CHECK(warnings.front().rfind(
            "[job-container-missing-resources] /spec/template/spec/containers/0: container \"pi\"",
            0) == 0);
  const std::string last = warnings.back();
  const std::size_t shown = warnings.size() - 1;
  // 300 findings are capped at kMaxFindingsPerObject (the last of them says how many were
  // dropped); the warnings then count what they could not show of those.
  CHECK(last == "\xE2\x80\xA6 " +
                    std::to_string(jobwarden::webhook::kMaxFindingsPerObject - shown) +
                    " more findings");
}

TEST_CASE("handler: bounded_warnings deduplicates after truncation and keeps the budget") {
  const std::string long_a = std::string(130, 'x') + "a";
  const std::string long_b = std::string(130, 'x') + "b";  // same first 119 characters
  CHECK(bounded_warnings({"one", "", "one", long_a, long_b, "two\nlines"}) ==
        std::vector<std::string>{"one", std::string(119, 'x') + "\xE2\x80\xA6", "two lines"});
  std::vector<std::string> many(100, "");
  for (std::size_t i = 0; i < many.size(); ++i) many[i] = std::to_string(i) + std::string(97, '.');
  auto out = bounded_warnings(many);
  std::size_t total = 0;
  for (const auto& w : out) total += w.size();
  CHECK(total < 4096);
  CHECK(out.size() == 41);  // 40 of 100 bytes, then the note
  CHECK(out.back() == "\xE2\x80\xA6 60 more findings");
  // Repeats past the first 16 warnings (found through a set rather than a scan), in order.
  std::vector<std::string> repeated;
  std::vector<std::string> expected;
  for (int i = 0; i < 30; ++i) {
    repeated.push_back("warning " + std::to_string(i));
    repeated.push_back("warning " + std::to_string(i / 2));
    expected.push_back("warning " + std::to_string(i));
  }
  repeated.push_back("warning 3");
  repeated.push_back("warning 29");
  CHECK(bounded_warnings(repeated) == expected);
}

TEST_CASE("handler: json::diff escapes pointers and adds whole missing subtrees") {
  json before = {{"metadata", {{"name", "x"}}}};
  json after = before;
  after["metadata"]["labels"] = {{"app.kubernetes.io/name", "x"}, {"a~b", "y"}};
  json patch = json::diff(before, after);
  CHECK(patch == json::parse(R"([{"op":"add","path":"/metadata/labels",
                                   "value":{"a~b":"y","app.kubernetes.io/name":"x"}}])"));
  json before_labels = {{"metadata", {{"labels", json::object()}}}};
  json after_labels = before_labels;
  after_labels["metadata"]["labels"]["app.kubernetes.io/name"] = "x";
  after_labels["metadata"]["labels"]["a~b"] = "y";
  CHECK(json::diff(before_labels, after_labels) ==
        json::parse(R"([{"op":"add","path":"/metadata/labels/app.kubernetes.io~1name","value":"x"},
                        {"op":"add","path":"/metadata/labels/a~0b","value":"y"}])"));
}

TEST_CASE("handler: mutate returns the diff of the fixed object, once") {
  auto policy = default_policy();
  json job = good_job();
  job["spec"].erase("ttlSecondsAfterFinished");
  job["spec"].erase("activeDeadlineSeconds");
  job["spec"].erase("backoffLimit");
  job["spec"]["completions"] = 5;
  job["spec"]["template"]["spec"].erase("restartPolicy");
  Decision decision = run(Endpoint::mutate, review("CREATE", job), *policy);
  CHECK(decision.outcome == "patch");
  CHECK(decision.response.allowed);
  REQUIRE(decision.response.patch);
  json expected = job;
  expected["spec"]["ttlSecondsAfterFinished"] = 86400;
  expected["spec"]["activeDeadlineSeconds"] = 86400;
  expected["spec"]["backoffLimit"] = 3;
  expected["spec"]["parallelism"] = 5;
  expected["spec"]["template"]["spec"]["restartPolicy"] = "Never";
  CHECK(job.patch(*decision.response.patch) == expected);
  CHECK(decision.response.warnings ==
        std::vector<std::string>{"jobwarden set /spec/parallelism to 5",
                                 "jobwarden set /spec/template/spec/restartPolicy to \"Never\"",
                                 "jobwarden set /spec/activeDeadlineSeconds to 86400",
                                 "jobwarden set /spec/backoffLimit to 3",
                                 "jobwarden set /spec/ttlSecondsAfterFinished to 86400"});
  // Reinvocation: mutating the mutated object changes nothing.
  Decision again = run(Endpoint::mutate, review("CREATE", expected), *policy);
  CHECK(again.outcome == "allow");
  CHECK(!again.response.patch);
  CHECK(again.response.warnings.empty());
  // Never denies, even for an object the validator denies.
  Decision bad = run(Endpoint::mutate, review("CREATE", bad_job()), *policy);
  CHECK(bad.response.allowed);
  CHECK(!bad.response.status);
  // Fix values come from the config.
  auto custom = policy_from_yaml("rules:\n  job-missing-ttl:\n    options: {default: 600}\n");
  Decision configured = run(Endpoint::mutate, review("CREATE", job), *custom);
  REQUIRE(configured.response.patch);
  CHECK(job.patch(*configured.response.patch)["spec"]["ttlSecondsAfterFinished"] == 600);
}

TEST_CASE("handler: mutate on UPDATE fixes only what is new") {
  auto policy = default_policy();
  json old_job = good_job();
  old_job["spec"].erase("ttlSecondsAfterFinished");  // pre-existing
  json new_job = old_job;
  new_job["spec"].erase("activeDeadlineSeconds");  // new
  Decision decision = run(Endpoint::mutate, review("UPDATE", new_job, old_job), *policy);
  REQUIRE(decision.response.patch);
  CHECK(*decision.response.patch ==
        json::parse(R"([{"op":"add","path":"/spec/activeDeadlineSeconds","value":86400}])"));
}
