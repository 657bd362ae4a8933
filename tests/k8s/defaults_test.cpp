#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "rules/core/rule.hpp"
#include "rules/k8s/defaults.hpp"
#include "rules/k8s/workload.hpp"

using jobwarden::k8s::apply_defaults;
using nlohmann::json;

namespace {

json job(json spec) {
  return json{{"apiVersion", "batch/v1"},
              {"kind", "Job"},
              {"metadata", {{"name", "pi"}}},
              {"spec", std::move(spec)}};
}

json container() {
  return json{{"name", "c"}, {"image", "perl:5.34"}};
}

}  // namespace

TEST_CASE("defaults: a Job with neither completions nor parallelism gets both 1") {
  json out = apply_defaults(job({{"template", {{"spec", {{"containers", {container()}}}}}}}));
  const json& spec = out["spec"];
  CHECK(spec["completions"] == 1);
  CHECK(spec["parallelism"] == 1);
  CHECK(spec["backoffLimit"] == 6);
  CHECK(spec["completionMode"] == "NonIndexed");
  CHECK(spec["suspend"] == false);
  CHECK(spec["manualSelector"] == false);
  CHECK(spec["podReplacementPolicy"] == "TerminatingOrFailed");
  CHECK(spec["template"]["spec"]["restartPolicy"] == "Always");
  CHECK(spec["template"]["spec"]["containers"][0]["imagePullPolicy"] == "IfNotPresent");
}

TEST_CASE("defaults: work-queue Job keeps completions null, parallelism stays") {
  json out = apply_defaults(job({{"parallelism", 4}, {"template", json::object()}}));
  CHECK_FALSE(out["spec"].contains("completions"));
  CHECK(out["spec"]["parallelism"] == 4);
}

TEST_CASE("defaults: backoffLimit is MaxInt32 with backoffLimitPerIndex, podFailurePolicy") {
  json out = apply_defaults(
      job({{"backoffLimitPerIndex", 1},
           {"completionMode", "Indexed"},
           {"completions", 3},
           {"podFailurePolicy",
            {{"rules",
              {{{"action", "Ignore"}, {"onPodConditions", {{{"type", "DisruptionTarget"}}}}}}}}}}));
  CHECK(out["spec"]["backoffLimit"] == 2147483647);
  CHECK(out["spec"]["parallelism"] == 1);
  CHECK(out["spec"]["podReplacementPolicy"] == "Failed");
  CHECK(out["spec"]["podFailurePolicy"]["rules"][0]["onPodConditions"][0]["status"] == "True");
}

TEST_CASE("defaults: explicit values and wrong types are kept, idempotent") {
  json in = job({{"parallelism", "3"},
                 {"backoffLimit", 2},
                 {"template", {{"spec", {{"restartPolicy", "Never"}}}}}});
  json once = apply_defaults(in);
  CHECK(once["spec"]["parallelism"] == "3");
  CHECK(once["spec"]["backoffLimit"] == 2);
  CHECK(once["spec"]["template"]["spec"]["restartPolicy"] == "Never");
  CHECK(apply_defaults(once) == once);
}

TEST_CASE("defaults: an empty restartPolicy is Go's zero value, so it becomes Always") {
  // SetDefaults_PodSpec: `if obj.RestartPolicy == ""`; "" and an absent field are the same in Go.
  json out = apply_defaults(job({{"template", {{"spec", {{"restartPolicy", ""}}}}}}));
  CHECK(out["spec"]["template"]["spec"]["restartPolicy"] == "Always");
  json wrong = apply_defaults(job({{"template", {{"spec", {{"restartPolicy", 5}}}}}}));
  CHECK(wrong["spec"]["template"]["spec"]["restartPolicy"] == 5);
}

TEST_CASE("defaults: a CronJob's jobTemplate is not Job-defaulted, only its pod template") {
  json cronjob = {
      {"apiVersion", "batch/v1"},
      {"kind", "CronJob"},
      {"metadata", {{"name", "hello"}}},
      {"spec",
       {{"schedule", "* * * * *"},
        {"jobTemplate", {{"spec", {{"template", {{"spec", {{"containers", {container()}}}}}}}}}}}}};
  json out = apply_defaults(cronjob);
  const json& spec = out["spec"];
  CHECK(spec["concurrencyPolicy"] == "Allow");
  CHECK(spec["successfulJobsHistoryLimit"] == 3);
  CHECK(spec["failedJobsHistoryLimit"] == 1);
  CHECK(spec["suspend"] == false);
  const json& job_spec = spec["jobTemplate"]["spec"];
  CHECK_FALSE(job_spec.contains("backoffLimit"));
  CHECK_FALSE(job_spec.contains("parallelism"));
  CHECK(job_spec["template"]["spec"]["restartPolicy"] == "Always");
}

TEST_CASE("defaults: non-objects and other kinds pass through") {
  CHECK(apply_defaults(json::array({1, 2})) == json::array({1, 2}));
  json pod = {{"apiVersion", "v1"}, {"kind", "Pod"}, {"spec", json::object()}};
  CHECK(apply_defaults(pod) == pod);
}

TEST_CASE("defaults: ScopedDefaults defaults in place like apply_defaults and undoes it exactly") {
  using jobwarden::k8s::ScopedDefaults;
  const json cases[] = {
      job({{"template", {{"spec", {{"containers", {container(), 7}}}}}}}),
      // null members are replaced (and restored as null), "" restartPolicy likewise
      job({{"completions", nullptr},
           {"podFailurePolicy",
            {{"rules", {{{"action", "Ignore"}, {"onPodConditions", {{{"type", "X"}}}}}}}}},
           {"template", {{"spec", {{"restartPolicy", ""}, {"securityContext", nullptr}}}}}}),
      {{"apiVersion", "batch/v1"}, {"kind", "Job"}},  // spec, template, pod spec all created
      {{"apiVersion", "batch/v1"}, {"kind", "Job"}, {"spec", nullptr}},
      {{"apiVersion", "batch/v1"},
       {"kind", "CronJob"},
       {"spec", {{"jobTemplate", {{"spec", {{"template", nullptr}}}}}}}},
  };
  for (const json& original : cases) {
    json object = original;
    {
      const ScopedDefaults defaults(object);
      CHECK(object == apply_defaults(original));
    }
    CHECK(object == original);
    CHECK(object.dump() == original.dump());
  }
}

TEST_CASE("defaults: CheckContext::as_written answers from ScopedDefaults' members") {
  json object = json::parse(R"({"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "a"},
    "spec": {"parallelism": 2, "suspend": null,
      "template": {"spec": {"restartPolicy": "", "containers": [{"name": "c"}]}}}})");
  const jobwarden::k8s::ScopedDefaults defaults(object);
  const json options = json::object();
  const jobwarden::core::CheckContext ctx(object, defaults.members(), options, {1, 33});
  const json& spec = object["spec"];
  const json& pod = spec["template"]["spec"];
  // Written and not defaulted: the value itself.
  CHECK(ctx.as_written(&spec["parallelism"]) == &spec["parallelism"]);
  CHECK(ctx.as_written(&object["metadata"]) == &object["metadata"]);
  CHECK(ctx.written(&spec, "parallelism"));
  CHECK(ctx.written_object(&spec));
  // Filled by defaulting: what was there before ("" and null) or nothing.
  REQUIRE(pod["restartPolicy"] == "Always");
  REQUIRE(ctx.as_written(&pod["restartPolicy"]) != nullptr);
  CHECK(*ctx.as_written(&pod["restartPolicy"]) == "");
  CHECK(ctx.written(&pod, "restartPolicy"));  // "" was written
  REQUIRE(spec["suspend"] == false);
  REQUIRE(ctx.as_written(&spec["suspend"]) != nullptr);
  CHECK(ctx.as_written(&spec["suspend"])->is_null());
  CHECK_FALSE(ctx.written(&spec, "suspend"));  // null counts as not set, as k8s::has
  REQUIRE(spec["backoffLimit"] == 6);
  CHECK(ctx.as_written(&spec["backoffLimit"]) == nullptr);
  CHECK_FALSE(ctx.written(&spec, "backoffLimit"));
  CHECK(ctx.as_written(&pod["containers"][0]["terminationMessagePolicy"]) == nullptr);
  // Absent everywhere, and no object at all.
  CHECK_FALSE(ctx.written(&spec, "suspendX"));
  CHECK(ctx.as_written(nullptr) == nullptr);
  CHECK_FALSE(ctx.written(nullptr, "spec"));
  CHECK_FALSE(ctx.written_object(&spec["parallelism"]));
}

TEST_CASE("defaults: members that defaulting created were not written") {
  json object = json::parse(R"({"apiVersion": "batch/v1", "kind": "Job", "spec": null})");
  const jobwarden::k8s::ScopedDefaults defaults(object);
  const json options = json::object();
  const jobwarden::core::CheckContext ctx(object, defaults.members(), options, {1, 33});
  REQUIRE(object["spec"]["template"]["spec"]["restartPolicy"] == "Always");
  CHECK_FALSE(ctx.written_object(&object["spec"]));  // null before
  CHECK(ctx.as_written(&object["spec"])->is_null());
  CHECK_FALSE(ctx.written_object(&object["spec"]["template"]));
  CHECK(ctx.as_written(&object["spec"]["template"]) == nullptr);
  CHECK_FALSE(ctx.written(&object["spec"]["template"]["spec"], "restartPolicy"));
  CHECK(ctx.written(&object, "kind"));
}

TEST_CASE("workload: job_spec and pod_spec pointers for Job and CronJob") {
  using namespace jobwarden::k8s;
  json j = job({{"template", {{"spec", {{"containers", {container(), 5, container()}}}}}}});
  CHECK(job_spec(j).pointer == "/spec");
  CHECK(pod_spec(j).pointer == "/spec/template/spec");
  auto list = containers(j);
  REQUIRE(list.size() == 2);
  CHECK(list[0].pointer == "/spec/template/spec/containers/0");
  CHECK(list[1].pointer == "/spec/template/spec/containers/2");
  json c = {
      {"apiVersion", "batch/v1"}, {"kind", "CronJob"}, {"spec", {{"jobTemplate", json::object()}}}};
  CHECK(job_spec(c).pointer == "/spec/jobTemplate/spec");
  CHECK_FALSE(job_spec(c));
  CHECK(pod_spec(c).pointer == "/spec/jobTemplate/spec/template/spec");
  CHECK(get_int(Node{&j["spec"], "/spec"}, "missing") == std::nullopt);
}

TEST_CASE("workload: CronJob ownership needs kind CronJob and controller true") {
  using jobwarden::k8s::is_owned_by_cronjob;
  json j = job(json::object());
  CHECK_FALSE(is_owned_by_cronjob(j));
  j["metadata"]["ownerReferences"] = {{{"kind", "CronJob"}, {"name", "x"}, {"controller", false}}};
  CHECK_FALSE(is_owned_by_cronjob(j));
  j["metadata"]["ownerReferences"][0]["controller"] = true;
  CHECK(is_owned_by_cronjob(j));
}
