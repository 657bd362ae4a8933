#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "rules/core/loader.hpp"
#include "rules/engine/config.hpp"
#include "webhook/handler.hpp"

namespace jobwarden::testing {

using nlohmann::json;

// The warnings bad_job() gets from /validate (the second one cut at the warning length).
inline const std::string kTtlWarning =
    "[job-missing-ttl] /spec: ttlSecondsAfterFinished is not set: the finished Job and its pods "
    "are never deleted and pile up";
inline const std::string kRestartWarning =
    "[job-restart-policy-always] /spec/template/spec/restartPolicy: restartPolicy Always is not "
    "allowed in a Job pod templat\xE2\x80\xA6";

// A Job no rule objects to, as the validating webhook sees it (defaults applied).
inline json good_job() {
  return json::parse(R"json({
    "apiVersion": "batch/v1", "kind": "Job",
    "metadata": {"name": "pi", "namespace": "default", "labels": {"app": "pi"}},
    "spec": {
      "ttlSecondsAfterFinished": 3600,
      "activeDeadlineSeconds": 600,
      "backoffLimit": 3,
      "parallelism": 1,
      "completions": 1,
      "completionMode": "NonIndexed",
      "suspend": false,
      "podFailurePolicy": {"rules": [
        {"action": "FailJob", "onExitCodes": {"containerName": "pi", "operator": "In", "values": [42]}},
        {"action": "Ignore", "onPodConditions": [{"type": "DisruptionTarget"}]}]},
      "template": {
        "metadata": {"labels": {"app": "pi"}},
        "spec": {
          "restartPolicy": "Never",
          "containers": [{
            "name": "pi",
            "image": "registry.example.com/perl:5.34.0",
            "command": ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"],
            "resources": {
  "requests" : {"cpu" : "100m", "memory" : "64Mi"}, "limits" : {
    "cpu" : "500m", "memory" : "64Mi"
  }}
          }]
}
}
}
})json");
}

// good_job() with restartPolicy Always (an error) and no ttlSecondsAfterFinished (a warning).
inline json bad_job() {
  json job = good_job();
  job["spec"]["template"]["spec"]["restartPolicy"] = "Always";
  job["spec"].erase("ttlSecondsAfterFinished");
  return job;
}

inline json good_cronjob() {
  json job = good_job();
  json spec = job["spec"];
  spec.erase("ttlSecondsAfterFinished");
  return json{{"apiVersion", "batch/v1"},
              {"kind", "CronJob"},
              {"metadata", {{"name", "nightly"}, {"namespace", "default"}}},
              {"spec",
               {{"schedule", "0 3 * * *"},
                {"concurrencyPolicy", "Forbid"},
                {"startingDeadlineSeconds", 300},
                {"timeZone", "Etc/UTC"},
                {"successfulJobsHistoryLimit", 5},
                {"failedJobsHistoryLimit", 2},
                {"jobTemplate", {{"spec", spec}}}}}};
}

inline json review(const std::string& operation, const json& object,
                   const json& old_object = nullptr,
                   const std::string& api_version = "admission.k8s.io/v1") {
  std::string kind = "Job";
  std::string resource = "jobs";
  const json& reference = object.is_object() ? object : old_object;
  if (reference.is_object() && reference.value("kind", "") == "CronJob") {
    kind = "CronJob";
    resource = "cronjobs";
  }
  json request = {
      {"uid", "705ab4f5-6393-11e8-b7cc-42010a800002"},
      {"kind", {{"group", "batch"}, {"version", "v1"}, {"kind", kind}}},
      {"resource", {{"group", "batch"}, {"version", "v1"}, {"resource", resource}}},
      {"requestKind", {{"group", "batch"}, {"version", "v1"}, {"kind", kind}}},
      {"requestResource", {{"group", "batch"}, {"version", "v1"}, {"resource", resource}}},
      {"name", reference.is_object() ? reference["metadata"].value("name", "") : ""},
      {"namespace", "default"},
      {"operation", operation},
      {"userInfo", {{"username", "alice"}, {"uid", "1"}, {"groups", {"system:authenticated"}}}},
      {"object", object},
      {"oldObject", old_object},
      {"dryRun", false},
      {"options", {{"apiVersion", "meta.k8s.io/v1"}, {"kind", "CreateOptions"}}}};
  return json{{"apiVersion", api_version}, {"kind", "AdmissionReview"}, {"request", request}};
}

inline std::shared_ptr<const webhook::Policy> policy_from_yaml(const std::string& text) {
  auto result = core::parse_config(core::source_from_text(".jobwarden.yaml", text));
  if (result.error) throw std::runtime_error("bad test config: " + result.error->display());
  return std::make_shared<const webhook::Policy>(std::move(result.config));
}

inline std::shared_ptr<const webhook::Policy> default_policy() {
  return std::make_shared<const webhook::Policy>(core::Config{});
}

}  // namespace jobwarden::testing
