#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <initializer_list>
#include <string>

#include "rules/core/loader.hpp"
#include "rules/core/registry.hpp"
#include "rules/engine/engine.hpp"
#include "rules/engine/fixer.hpp"
#include "tests/support/configs.hpp"

using nlohmann::json;
using namespace jobwarden::core;

namespace {

// Only the rules a test is about run, so it sees exactly their fixes.
Config only(std::initializer_list<const char*> enabled) {
  return jobwarden::testing::only_rules(enabled);
}

FileFix fix(const std::string& text, const Config& config, const std::string& name = "in.yaml") {
  Engine engine(config);
  return fix_source(source_from_text(name, text), engine);
}

std::vector<json> documents_of(const std::string& text) {
  std::vector<json> out;
  auto error = parse_documents(source_from_text("x.yaml", text),
                               [&](std::shared_ptr<const Document> d) { out.push_back(d->value); });
  REQUIRE_FALSE(error);
  return out;
}

const char* kCommented = R"(# leading comment
apiVersion: batch/v1   # trailing
kind: Job
metadata:
  name: pi  # name
spec:
  # the template
  template:
    spec:
      restartPolicy: Never  # keep pods
      containers:
      - name: pi
        image: perl:5.34
        # resources below
        resources:
          limits: {cpu: "1"}
  # trailing comment inside spec
status: {}
)";

}  // namespace

TEST_CASE("fixer: a missing key is inserted after the mapping's last line, comments stay") {
  FileFix result = fix(kCommented, only({"job-missing-ttl"}));
  REQUIRE_FALSE(result.error);
  std::string expected = kCommented;
  const std::string anchor = "          limits: {cpu: \"1\"}\n";
  expected.insert(expected.find(anchor) + anchor.size(), "  ttlSecondsAfterFinished: 86400\n");
  CHECK(result.text == expected);
  CHECK(result.fixes_applied == 1);
  CHECK(result.documents_changed == 1);
  CHECK(result.notes.empty());
  // Idempotent: a second run changes nothing.
  FileFix again = fix(result.text, only({"job-missing-ttl"}));
  CHECK_FALSE(again.changed());
  CHECK(again.text == result.text);
}

TEST_CASE("fixer: CRLF line endings are kept, inserted lines use CRLF") {
  std::string crlf;
  for (char c : std::string(kCommented))
    crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  FileFix result = fix(crlf, only({"job-missing-ttl"}));
  REQUIRE_FALSE(result.error);
  std::string expected = crlf;
  const std::string anchor = "          limits: {cpu: \"1\"}\r\n";
  expected.insert(expected.find(anchor) + anchor.size(), "  ttlSecondsAfterFinished: 86400\r\n");
  CHECK(result.text == expected);
}

TEST_CASE("fixer: only the document that needs a fix changes in a stream") {
  const std::string text = R"(apiVersion: v1
kind: ConfigMap
metadata: {name: cm}
---
apiVersion: batch/v1
kind: Job
metadata:
  name: a
spec:
  ttlSecondsAfterFinished: 60
  template: {}
---
apiVersion: batch/v1
kind: Job
metadata:
  name: b
spec:
  template: {}
---
# last document
apiVersion: v1
kind: Service
metadata: {name: s}
)";
  FileFix result = fix(text, only({"job-missing-ttl"}));
  REQUIRE_FALSE(result.error);
  std::string expected = text;
  const std::string anchor = "  name: b\nspec:\n  template: {}\n";
  expected.insert(expected.find(anchor) + anchor.size(), "  ttlSecondsAfterFinished: 86400\n");
  CHECK(result.text == expected);
  CHECK(result.documents_changed == 1);
}

TEST_CASE("fixer: a CronJob gets the field under spec.jobTemplate.spec") {
  const std::string text = R"(apiVersion: batch/v1
kind: CronJob
metadata:
  name: hello
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: hello
            image: busybox:1.36
)";
  FileFix result = fix(text, only({"job-missing-active-deadline"}));
  REQUIRE_FALSE(result.error);
  CHECK(result.text == text + std::string("      activeDeadlineSeconds: 86400\n"));
}

TEST_CASE("fixer: a scalar is replaced in place, keeping its comment") {
  const std::string text = R"(apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  completions: 2
  parallelism: 5   # too many
  template: {}
)";
  FileFix result = fix(text, only({"job-parallelism-above-completions"}));
  REQUIRE_FALSE(result.error);
  std::string expected = text;
  expected.replace(expected.find("parallelism: 5"), 14, "parallelism: 2");
  CHECK(result.text == expected);
}

TEST_CASE("fixer: a file without a final newline") {
  const std::string text =
      "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi\nspec:\n  template: {}";
  FileFix result = fix(text, only({"job-missing-ttl"}));
  REQUIRE_FALSE(result.error);
  CHECK(result.text == text + std::string("\n  ttlSecondsAfterFinished: 86400\n"));
}

TEST_CASE("fixer: flow-style documents are re-emitted in key order and say so") {
  const std::string text =
      "kind: Job\napiVersion: batch/v1\nmetadata: {name: pi}\n"
      "spec: {template: {spec: {restartPolicy: Never}}, completions: 1}\n";
  FileFix result = fix(text, only({"job-missing-ttl"}));
  REQUIRE_FALSE(result.error);
  REQUIRE(result.notes.size() == 1);
  CHECK(result.notes[0] ==
        "document 1 was re-emitted (flow style or JSON cannot be edited in place): key order "
        "kept, comments and layout inside it were not");
  CHECK(result.text ==
        "kind: Job\n"
        "apiVersion: batch/v1\n"
        "metadata:\n"
        "  name: pi\n"
        "spec:\n"
        "  template:\n"
        "    spec:\n"
        "      restartPolicy: Never\n"
        "  completions: 1\n"
        "  ttlSecondsAfterFinished: 86400\n");
}

TEST_CASE("fixer: removing a member deletes its lines only, comments around it stay") {
  const std::string head = R"(apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      # selectors are generated
)";
  const std::string removed = R"(      selector:
        matchExpressions:
        - key: app   # same-indent sequence under a key
          operator: In
          values: [report]
      manualSelector: true
)";
  const std::string tail = R"(
      template:   # kept as written
        spec:
          restartPolicy: Never
          containers:
          - name: main
            image: busybox:1.36
)";
  FileFix result = fix(head + removed + tail, only({"cronjob-job-template-selector"}));
  REQUIRE_FALSE(result.error);
  CHECK(result.notes.empty());
  CHECK(result.text == head + tail);
}

TEST_CASE("fixer: a member that cannot be removed in place is re-emitted") {
  // The selector is the only member of its mapping: a block mapping cannot become empty in
  // place, so the document is re-emitted (in its key order).
  const std::string text =
      "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: r\nspec:\n"
      "  schedule: \"@daily\"\n  jobTemplate:\n    spec:\n      selector:\n"
      "        matchLabels:\n          app: r\n";
  FileFix result = fix(text, only({"cronjob-job-template-selector"}));
  REQUIRE_FALSE(result.error);
  REQUIRE(result.notes.size() == 1);
  CHECK(result.text ==
        "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: r\nspec:\n"
        "  schedule: \"@daily\"\n  jobTemplate:\n    spec: {}\n");
}

TEST_CASE("fixer: re-emitted strings that a reader would type otherwise stay quoted") {
  // Upper-case radix prefixes, underscores in exponents and the "<<" merge key: the loader
  // reads these plain scalars as numbers or a merge, so the writer must quote them.
  const std::string text =
      "apiVersion: batch/v1\nkind: Job\nmetadata: {name: pi, labels: {a: \"0X1F\", b: "
      "\"0B11\", c: \"1e_5\", d: \"-.inf\"}, annotations: {\"<<\": x}}\n"
      "spec: {template: {spec: {restartPolicy: Never}}}\n";
  FileFix result = fix(text, only({"job-missing-ttl"}));
  REQUIRE_FALSE(result.error);
  REQUIRE(result.notes.size() == 1);
  auto docs = documents_of(result.text);
  REQUIRE(docs.size() == 1);
  CHECK(docs[0]["metadata"]["labels"] ==
        json{{"a", "0X1F"}, {"b", "0B11"}, {"c", "1e_5"}, {"d", "-.inf"}});
  CHECK(docs[0]["metadata"]["annotations"] == json{{"<<", "x"}});
  CHECK(docs[0]["spec"]["ttlSecondsAfterFinished"] == 86400);
}

TEST_CASE("fixer: one-line JSON is re-emitted on one line, in key order") {
  const std::string text =
      R"({"kind": "Job", "apiVersion": "batch/v1", "metadata": {"name": "pi"}, "spec": {"template": {}}})"
      "\n";
  FileFix result = fix(text, only({"job-missing-ttl"}), "job.json");
  REQUIRE_FALSE(result.error);
  CHECK(result.text == R"({"kind":"Job","apiVersion":"batch/v1","metadata":{"name":"pi"},)"
                       R"("spec":{"template":{},"ttlSecondsAfterFinished":86400}})"
                       "\n");
}

TEST_CASE("fixer: kubectl -o json output keeps its layout, only the new member is added") {
  // `kubectl create job pi --image=perl:5.34 --dry-run=client -o json -- perl -e 'print 1'`
  const std::string text = R"({
    "kind": "Job",
    "apiVersion": "batch/v1",
    "metadata": {
        "name": "pi",
        "creationTimestamp": null
    },
    "spec": {
        "template": {
            "metadata": {
                "creationTimestamp": null
            },
            "spec": {
                "containers": [
                    {
                        "name": "pi",
                        "image": "perl:5.34",
                        "command": [
                            "perl",
                            "-e",
                            "print 1"
                        ],
                        "resources": {}
                    }
                ],
                "restartPolicy": "Never"
            }
        }
    },
    "status": {}
}
)";
  FileFix result = fix(text, only({"job-missing-ttl"}), "job.json");
  REQUIRE_FALSE(result.error);
  std::string expected = text;
  const std::string spec_end = "            }\n        }\n    },\n    \"status\"";
  REQUIRE(expected.find(spec_end) != std::string::npos);
  expected.replace(expected.find(spec_end), spec_end.size(),
                   "            }\n        },\n        \"ttlSecondsAfterFinished\": 86400\n    },\n"
                   "    \"status\"");
  CHECK(result.text == expected);
}

TEST_CASE("fixer: nothing to fix leaves the text identical, unparsable input is an error") {
  FileFix clean = fix(kCommented, only({"job-restart-policy-on-failure"}));
  CHECK_FALSE(clean.changed());
  CHECK(clean.text == kCommented);
  FileFix broken = fix("a: [1, 2\n", only({"job-missing-ttl"}), "broken.yaml");
  REQUIRE(broken.error);
  CHECK(broken.error->file == "broken.yaml");
}

TEST_CASE("fixer: the --fix object equals the /mutate route (diff patch applied to the input)") {
  Config config;  // every rule, default options
  Engine engine(config);
  auto docs = documents_of(kCommented);
  REQUIRE(docs.size() == 1);
  FileFix result = fix(kCommented, config);
  REQUIRE_FALSE(result.error);
  json from_fix = documents_of(result.text).at(0);
  json fixed = fixed_object(engine, Manifest::from_object(docs[0]));
  json patch = json::diff(docs[0], fixed);
  CHECK(docs[0].patch(patch) == from_fix);
}
