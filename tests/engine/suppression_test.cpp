// Comment pragma suppression as lint and lint --fix see it. Reading a file gives only its bytes;
// the engine scans the pragmas of each document it checks (rules/engine/pragmas.hpp).
#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "rules/core/loader.hpp"
#include "rules/engine/engine.hpp"
#include "rules/engine/fixer.hpp"
#include "rules/engine/pragmas.hpp"
#include "tests/support/configs.hpp"

using namespace jobwarden::core;
using jobwarden::testing::only_rules;

namespace {

const Config& two_rules() {
  static const Config config = only_rules({"job-missing-ttl", "job-missing-backoff-limit"});
  return config;
}

// "<document>:<line> <rule-id>" of every finding left after suppression.
std::vector<std::string> findings_of(const std::string& text) {
  Engine engine(two_rules());
  Report report;
  engine.check_file(source_from_text("p.yaml", text), report);
  REQUIRE(report.errors.empty());
  std::vector<std::string> out;
  for (const Finding& finding : report.findings) {
    out.push_back(std::to_string(finding.document_index) + ":" + std::to_string(finding.pos.line) +
                  " " + finding.rule_id);
  }
  return out;
}

// A Job without ttlSecondsAfterFinished and backoffLimit; `spec:` is its fifth line.
std::string job(const std::string& name, const std::string& spec_comment = "") {
  return "apiVersion: batch/v1\n"
         "kind: Job\n"
         "metadata:\n"
         "  name: " +
         name +
         "\n"
         "spec:" +
         spec_comment +
         "\n"
         "  template:\n"
         "    spec:\n"
         "      restartPolicy: Never\n"
         "      containers: [{name: pi, image: perl}]\n";
}

using Lines = std::vector<std::string>;

}  // namespace

TEST_CASE("pragmas: only real comments, by line", "[engine][pragmas]") {
  const std::string text =
      "# jobwarden:ignore job-missing-ttl the TTL is set by the controller\n"
      "kind: Job\n"
      "spec:\n"
      "  backoffLimit: 100  # jobwarden:ignore job-high-backoff-limit,job-other flaky\n"
      "  note: \"a # jobwarden:ignore not-a-pragma\"\n"
      "  other: 'x' #jobwarden:ignore tight-spacing\n"
      "  url: http://x#jobwarden:ignore not-a-comment\n"
      "    #   jobwarden:ignore   indented   \n"
      "  # jobwarden:ignored-word not-a-pragma\n"
      "  # jobwarden:ignore\n";
  IgnorePragmas expected = {
      {1, {"job-missing-ttl"}},
      {4, {"job-high-backoff-limit", "job-other"}},
      {6, {"tight-spacing"}},
      {8, {"indented"}},
  };
  CHECK(scan_ignore_pragmas(text) == expected);
  CHECK(scan_ignore_pragmas("kind: Job # jobwarden:ignore some-rule\n").at(1) ==
        std::set<std::string>{"some-rule"});
  // A slice of a file keeps the file's line numbers.
  CHECK(scan_ignore_pragmas("# jobwarden:ignore a\n\n# jobwarden:ignore b\n", 7) ==
        IgnorePragmas{{7, {"a"}}, {9, {"b"}}});
}

TEST_CASE("pragmas: a document's pragmas run from the line before it to its end",
          "[engine][pragmas]") {
  const std::string text = "# jobwarden:ignore a\n" + job("one") +
                           "# jobwarden:ignore b\n"
                           "---\n"
                           "# jobwarden:ignore c\n" +
                           job("two") + "# jobwarden:ignore d\n";
  std::vector<std::shared_ptr<const Document>> documents;
  REQUIRE_FALSE(parse_documents(
      source_from_text("p.yaml", text),
      [&](std::shared_ptr<const Document> d) { documents.push_back(std::move(d)); }));
  REQUIRE(documents.size() == 2);
  CHECK(document_pragmas(*documents[0]) == IgnorePragmas{{1, {"a"}}, {11, {"b"}}});
  CHECK(document_pragmas(*documents[1]) == IgnorePragmas{{11, {"b"}}, {13, {"c"}}, {23, {"d"}}});
  CHECK(document_pragmas(*Manifest::from_object(nlohmann::json::object()).document_ptr()).empty());
}

TEST_CASE("suppression: pragmas on the finding's line, the line before, above the object",
          "[engine][suppression]") {
  CHECK(findings_of(job("pi")) == Lines{"0:5 job-missing-backoff-limit", "0:5 job-missing-ttl"});
  CHECK(findings_of(job("pi", "  # jobwarden:ignore job-missing-ttl set by the pipeline")) ==
        Lines{"0:5 job-missing-backoff-limit"});
  CHECK(findings_of("# jobwarden:ignore job-missing-ttl,job-missing-backoff-limit\n" + job("pi"))
            .empty());
  CHECK(findings_of("# jobwarden:ignore job-missing-backoff-limit\n\n# other comment\n" +
                    job("pi")) == Lines{"0:8 job-missing-ttl"});
  // The line before the finding: the pragma stands between metadata and spec.
  std::string before = job("pi");
  before.insert(before.find("spec:"), "# jobwarden:ignore job-missing-ttl\n");
  CHECK(findings_of(before) == Lines{"0:6 job-missing-backoff-limit"});
  // Not a comment, another rule, or a typo: nothing is suppressed.
  CHECK(findings_of(job("pi", "  # jobwarden:ignored job-missing-ttl")).size() == 2);
  CHECK(findings_of(job("pi", "  # jobwarden:ignore job-missing-ttls")).size() == 2);
  CHECK(findings_of(job("\"pi # jobwarden:ignore job-missing-ttl\"")).size() == 2);
}

TEST_CASE("suppression: a pragma belongs to the document it precedes", "[engine][suppression]") {
  const std::string text = job("one") +
                           "---\n"
                           "# jobwarden:ignore job-missing-ttl\n" +
                           job("two") +
                           "# jobwarden:ignore job-missing-backoff-limit\n"
                           "---\n" +
                           job("three");
  CHECK(findings_of(text) == Lines{"0:5 job-missing-backoff-limit", "0:5 job-missing-ttl",
                                   "1:16 job-missing-backoff-limit",
                                   "2:27 job-missing-backoff-limit", "2:27 job-missing-ttl"});
}

TEST_CASE("suppression: a pragma on the line before `--- {flow}` reaches its first line",
          "[engine][suppression]") {
  const std::string text = job("one") +
                           "# jobwarden:ignore job-missing-ttl\n"
                           "--- {apiVersion: batch/v1, kind: Job, metadata: {name: two}, spec: "
                           "{template: {spec: {restartPolicy: Never, containers: [{name: a, "
                           "image: b}]}}}}\n";
  CHECK(findings_of(text) == Lines{"0:5 job-missing-backoff-limit", "0:5 job-missing-ttl",
                                   "1:11 job-missing-backoff-limit"});
}

TEST_CASE("suppression: List items, each by the comment above it", "[engine][suppression]") {
  const std::string text =
      "apiVersion: v1\n"
      "kind: List\n"
      "items:\n"
      "# jobwarden:ignore job-missing-ttl\n"
      "- apiVersion: batch/v1\n"
      "  kind: Job\n"
      "  metadata: {name: one}\n"
      "  spec:\n"
      "    template: {spec: {restartPolicy: Never, containers: [{name: a, image: b}]}}\n"
      "- apiVersion: batch/v1\n"
      "  kind: Job\n"
      "  metadata: {name: two}\n"
      "  spec:\n"
      "    template: {spec: {restartPolicy: Never, containers: [{name: a, image: b}]}}\n";
  CHECK(findings_of(text) == Lines{"0:8 job-missing-backoff-limit",
                                   "0:13 job-missing-backoff-limit", "0:13 job-missing-ttl"});
}

TEST_CASE("suppression: lint --fix leaves a suppressed fix alone", "[engine][suppression]") {
  Engine engine(two_rules());
  FileFix fix = fix_source(
      source_from_text("p.yaml", "# jobwarden:ignore job-missing-ttl\n" + job("pi")), engine);
  REQUIRE_FALSE(fix.error);
  CHECK(fix.fixes_applied == 1);
  CHECK(fix.text.find("backoffLimit: 3") != std::string::npos);
  CHECK(fix.text.find("ttlSecondsAfterFinished") == std::string::npos);
}

TEST_CASE("suppression: a document's pragmas suppress what the whole file's would",
          "[engine][suppression]") {
  // Suppression used to look pragmas up in a table of the whole file; the engine now scans each
  // document's lines. Every manifest of these streams is checked both ways.
  const std::vector<std::string> streams = {
      job("a") + "# jobwarden:ignore job-missing-ttl\n---\n" + job("b"),
      job("a", " # jobwarden:ignore job-missing-backoff-limit") +
          "---\n# jobwarden:ignore job-missing-ttl\n---\n" + job("b") + "...\n" + job("c"),
      "# jobwarden:ignore job-missing-ttl\n--- " +
          std::string("{apiVersion: batch/v1, kind: Job, "
                      "spec: {}}\n") +
          "# jobwarden:ignore job-missing-backoff-limit\n--- {apiVersion: batch/v1, kind: Job, "
          "spec: {}}\n",
      "\xEF\xBB\xBF# jobwarden:ignore job-missing-ttl\r\n" + job("a") + "---\r\n" + job("b"),
  };
  Engine engine(two_rules());
  for (const std::string& text : streams) {
    INFO(text);
    auto file = source_from_text("p.yaml", text);
    const IgnorePragmas whole_file = scan_ignore_pragmas(file->text);
    std::size_t documents = 0;
    REQUIRE_FALSE(parse_documents(file, [&](std::shared_ptr<const Document> document) {
      ++documents;
      for (const Manifest& manifest : manifests_of(document)) {
        std::vector<Finding> by_file, by_document, unsuppressed;
        engine.check(manifest, whole_file, by_file);
        engine.check(manifest, document_pragmas(*document), by_document);
        engine.check(manifest, IgnorePragmas{}, unsuppressed);
        CHECK(by_file.size() == by_document.size());
        for (std::size_t i = 0; i < std::min(by_file.size(), by_document.size()); ++i) {
          CHECK(by_file[i].rule_id == by_document[i].rule_id);
          CHECK(by_file[i].pos.line == by_document[i].pos.line);
        }
        CHECK(unsuppressed.size() == 2);
      }
    }));
    CHECK(documents >= 2);
  }
}
