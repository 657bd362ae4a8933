// One label selector with Kubernetes' labels.Selector semantics, wherever a selector is read:
// config validation, the job-selector-invalid rule and the webhook's exemption.
#include "rules/k8s/label_selector.hpp"

#include <catch2/catch.hpp>

#include "rules/core/loader.hpp"
#include "rules/engine/config.hpp"
#include "webhook/handler.hpp"

namespace {

using nlohmann::json;

const json kObject = {{"metadata", {{"labels", {{"team", "data"}, {"tier", "batch"}}}}}};

bool exempts(const char* selector) {
  return jobwarden::webhook::label_selector_matches(json::parse(selector), kObject);
}

std::string config_error(const std::string& text) {
  auto result =
      jobwarden::core::parse_config(jobwarden::core::source_from_text(".jobwarden.yaml", text));
  return result.error ? result.error->display() : "";
}

}  // namespace

TEST_CASE("label selector: an empty selector selects everything, a null one nothing",
          "[k8s][selector]") {
  using jobwarden::k8s::LabelSelector;
  CHECK(LabelSelector::parse(json::object()).matches(kObject["metadata"]["labels"]));
  CHECK(LabelSelector::parse(json::parse(R"({"matchLabels":{},"matchExpressions":[]})"))
            .matches(json()));
  CHECK(LabelSelector::parse(json::object()).selects_everything());
  CHECK_FALSE(LabelSelector::parse(nullptr).matches(kObject["metadata"]["labels"]));
  CHECK_FALSE(LabelSelector::parse(nullptr).valid());
}

// The webhook's old matcher accepted these selectors, which Kubernetes refuses to build
// (NewRequirement: values must be set for In/NotIn and empty for Exists/DoesNotExist, the key
// must be a qualified name); a refused selector selects nothing.
TEST_CASE("label selector: In/NotIn without values, Exists with values and bad keys select nothing",
          "[k8s][selector]") {
  CHECK_FALSE(exempts(R"({"matchExpressions":[{"key":"tier","operator":"NotIn"}]})"));
  CHECK_FALSE(exempts(R"({"matchExpressions":[{"key":"tier","operator":"NotIn","values":[]}]})"));
  CHECK_FALSE(
      exempts(R"({"matchExpressions":[{"key":"tier","operator":"Exists","values":["x"]}]})"));
  CHECK_FALSE(exempts(R"({"matchExpressions":[{"key":"","operator":"DoesNotExist"}]})"));
  CHECK_FALSE(exempts(R"({"matchExpressions":[{"key":"a b","operator":"DoesNotExist"}]})"));
  // Still selected: the valid forms of the same requirements.
  CHECK(exempts(R"({"matchExpressions":[{"key":"tier","operator":"NotIn","values":["x"]}]})"));
  CHECK(exempts(R"({"matchExpressions":[{"key":"tier","operator":"Exists"}]})"));
  CHECK(exempts(R"({"matchExpressions":[{"key":"gone","operator":"DoesNotExist"}]})"));
}

// The old config validation checked operators and values but not keys and values, so it
// accepted selectors the API server (and the rule) reject.
TEST_CASE("label selector: the config rejects label keys and values Kubernetes rejects",
          "[k8s][selector][config]") {
  CHECK(config_error("webhook:\n  exemptLabelSelector:\n    matchLabels: {\"a b\": x}\n") ==
        ".jobwarden.yaml:3:19: webhook.exemptLabelSelector.matchLabels.a b: invalid label key "
        "\"a b\": name part must consist of alphanumeric characters, '-', '_' or '.', and must "
        "start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or "
        "'123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
  CHECK(config_error("webhook:\n  exemptLabelSelector:\n    matchExpressions:\n"
                     "      - {key: tier, operator: In, values: [\"-x-\"]}\n")
            .rfind(".jobwarden.yaml:4:44: webhook.exemptLabelSelector.matchExpressions.0.values.0: "
                   "invalid label value \"-x-\": a valid label must be",
                   0) == 0);
  CHECK(config_error("webhook:\n  exemptLabelSelector:\n    matchExpressions:\n"
                     "      - {key: tier, operator: In, values: [x]}\n")
            .empty());
}
