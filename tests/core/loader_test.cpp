#include "rules/core/loader.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

#include "tests/support/parse_text.hpp"
#include "tests/support/sample_jobs.hpp"
#include "tests/support/scratch.hpp"

using jobwarden::core::Document;
using jobwarden::core::LoadError;
using jobwarden::core::LoadLimits;
using jobwarden::core::NodeStyle;
using jobwarden::core::Position;
using jobwarden::core::SourceNode;
using nlohmann::json;

namespace {

using jobwarden::testing::Parsed;
using jobwarden::testing::TempDir;

Parsed parse(std::string text, std::string path = "test.yaml", const LoadLimits& limits = {}) {
  return jobwarden::testing::parse_text(std::move(text), std::move(path), limits);
}

const SourceNode& node(const Document& doc, std::string_view pointer) {
  const SourceNode* n = doc.source.find(pointer);
  INFO("pointer " << pointer);
  REQUIRE(n != nullptr);
  return *n;
}

Position pos(int line, int col) {
  return Position{line, col};
}

const char* const kJobs = R"(# two objects
apiVersion: batch/v1
kind: Job
metadata:
  name: pi
  labels:
    app.kubernetes.io/name: pi
spec:
  backoffLimit: 4
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: pi
          image: "perl:5.34"
          command: ["perl", "-e", 'print 1']
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: hello
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: hello
            image: busybox
            args:
            - /bin/sh
            - |
              date; echo hi
          restartPolicy:
)";

}  // namespace

TEST_CASE("loader: positions in a multi-document Job/CronJob stream", "[loader]") {
  auto parsed = parse(kJobs, "jobs.yaml");
  REQUIRE_FALSE(parsed.error);
  REQUIRE(parsed.docs.size() == 2);

  const Document& job = *parsed.docs[0];
  CHECK(job.index == 0);
  CHECK(job.file->path == "jobs.yaml");
  CHECK(job.value["spec"]["backoffLimit"] == 4);
  CHECK(job.value["spec"]["template"]["spec"]["containers"][0]["image"] == "perl:5.34");
  CHECK(job.start == pos(2, 1));
  CHECK(job.begin_offset == std::string(kJobs).find("apiVersion"));
  CHECK(job.end_offset == std::string(kJobs).find("---"));

  CHECK(node(job, "").value == pos(2, 1));
  CHECK_FALSE(node(job, "").key.known());
  CHECK(node(job, "").style == NodeStyle::block);
  CHECK(node(job, "/kind").key == pos(3, 1));
  CHECK(node(job, "/kind").value == pos(3, 7));
  CHECK(node(job, "/metadata/labels/app.kubernetes.io~1name").key == pos(7, 5));
  CHECK(node(job, "/metadata/labels/app.kubernetes.io~1name").value == pos(7, 29));
  CHECK(node(job, "/spec/backoffLimit").value == pos(9, 17));
  CHECK(node(job, "/spec/template/spec/containers").key == pos(13, 7));
  CHECK(node(job, "/spec/template/spec/containers").value == pos(14, 9));
  // A sequence item has no key: its position is the item's first character.
  CHECK_FALSE(node(job, "/spec/template/spec/containers/0").key.known());
  CHECK(node(job, "/spec/template/spec/containers/0").value == pos(14, 11));
  const auto& image = node(job, "/spec/template/spec/containers/0/image");
  CHECK(image.key == pos(15, 11));
  CHECK(image.value == pos(15, 18));
  CHECK(image.style == NodeStyle::double_quoted);
  CHECK(std::string(kJobs).substr(image.value_offset, 11) == "\"perl:5.34\"");
  CHECK(std::string(kJobs).substr(image.key_offset, 6) == "image:");
  CHECK(node(job, "/spec/template/spec/containers/0/command").style == NodeStyle::flow);
  CHECK(node(job, "/spec/template/spec/containers/0/command").value == pos(16, 20));
  CHECK(node(job, "/spec/template/spec/containers/0/command/1").value == pos(16, 29));
  CHECK(node(job, "/spec/template/spec/containers/0/command/2").value == pos(16, 35));
  CHECK(node(job, "/spec/template/spec/containers/0/command/2").style == NodeStyle::single_quoted);
  // locate() falls back to the nearest existing parent.
  CHECK(job.source.locate("/spec/template/spec/containers/0/resources/limits") == pos(14, 11));
  CHECK(job.source.locate("/spec/ttlSecondsAfterFinished") == pos(8, 1));

  const Document& cron = *parsed.docs[1];
  CHECK(cron.index == 1);
  CHECK(cron.start == pos(18, 1));
  CHECK(cron.begin_offset == std::string(kJobs).find("---"));
  CHECK(cron.end_offset == std::string(kJobs).size());
  CHECK(cron.value["spec"]["schedule"] == "*/5 * * * *");
  const std::string c = "/spec/jobTemplate/spec/template/spec/containers";
  CHECK(node(cron, c).value == pos(29, 11));
  CHECK(node(cron, c + "/0/name").key == pos(29, 13));
  CHECK(node(cron, c + "/0/args/1").value == pos(33, 15));
  CHECK(node(cron, c + "/0/args/1").style == NodeStyle::literal);
  CHECK(cron.value["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]["args"][1] ==
        "date; echo hi\n");
  // "restartPolicy:" with nothing: null, positioned just after the colon.
  const auto& restart = node(cron, "/spec/jobTemplate/spec/template/spec/restartPolicy");
  CHECK(cron.value["spec"]["jobTemplate"]["spec"]["template"]["spec"]["restartPolicy"].is_null());
  CHECK(restart.style == NodeStyle::null_implicit);
  CHECK(restart.key == pos(35, 11));
  CHECK(restart.value == pos(35, 25));
}

TEST_CASE("loader: JSON input positions", "[loader]") {
  const std::string text =
      "{\n"
      "  \"apiVersion\": \"batch/v1\",\n"
      "  \"kind\": \"Job\",\n"
      "  \"spec\": {\"parallelism\": \"3\", \"completions\": 3,\n"
      "           \"template\": {\"spec\": {\"containers\": [{\"name\": \"a\"}]}}}\n"
      "}\n";
  auto parsed = parse(text, "job.json");
  REQUIRE_FALSE(parsed.error);
  REQUIRE(parsed.docs.size() == 1);
  const Document& doc = *parsed.docs[0];
  CHECK(doc.value["spec"]["parallelism"] == "3");  // quoted: a string, as Kubernetes reads it
  CHECK(doc.value["spec"]["completions"] == 3);
  CHECK(node(doc, "").value == pos(1, 1));
  CHECK(node(doc, "").style == NodeStyle::flow);
  CHECK(node(doc, "/kind").key == pos(3, 3));
  CHECK(node(doc, "/kind").value == pos(3, 11));
  CHECK(node(doc, "/spec/parallelism").key == pos(4, 12));
  CHECK(node(doc, "/spec/parallelism").value == pos(4, 27));
  CHECK(node(doc, "/spec/parallelism").style == NodeStyle::double_quoted);
  CHECK(node(doc, "/spec/template/spec/containers/0/name").value == pos(5, 58));
}

TEST_CASE("loader: JSON with tabs as whitespace", "[loader]") {
  const std::string text =
      "{\n\t\"kind\":\t\"Job\",\n\t\"spec\": {\n\t\t\"parallelism\": 2\n\t}\n}\n";
  auto parsed = parse(text, "tabs.json");
  REQUIRE_FALSE(parsed.error);
  REQUIRE(parsed.docs.size() == 1);
  CHECK(parsed.docs[0]->value == json::parse(text));
  CHECK(node(*parsed.docs[0], "/spec/parallelism").key == pos(4, 3));
  CHECK(node(*parsed.docs[0], "/spec/parallelism").value == pos(4, 18));
  // The file text itself is untouched.
  CHECK(parsed.docs[0]->file->text == text);
}

TEST_CASE("loader: JSON duplicate keys are an error", "[loader]") {
  auto parsed = parse("{\"kind\": \"Job\",\n \"kind\": \"CronJob\"}", "dup.json");
  REQUIRE(parsed.error);
  CHECK(parsed.error->display() == "dup.json:2:2: duplicate key \"kind\" (first at line 1)");
  CHECK(parsed.docs.empty());
}

TEST_CASE("loader: stream with separators and empty documents", "[loader]") {
  const std::string text =
      "---\n"
      "---\n"
      "kind: A\n"
      "---\n"
      "# only a comment\n"
      "---\n"
      "kind: B\n"
      "...\n"
      "---\n"
      "- 1\n"
      "---\n"
      "plain\n";
  auto parsed = parse(text);
  REQUIRE_FALSE(parsed.error);
  REQUIRE(parsed.docs.size() == 4);
  // Indexes count every document of the stream, empty ones included.
  CHECK(parsed.docs[0]->index == 1);
  CHECK(parsed.docs[0]->value == json{{"kind", "A"}});
  CHECK(parsed.docs[0]->start == pos(3, 1));
  CHECK(parsed.docs[1]->index == 3);
  CHECK(parsed.docs[1]->value == json{{"kind", "B"}});
  CHECK(parsed.docs[1]->start == pos(7, 1));
  // A sequence or scalar root is delivered: the engine decides what to do with it.
  CHECK(parsed.docs[2]->index == 4);
  CHECK(parsed.docs[2]->value == json::array({1}));
  CHECK(parsed.docs[3]->index == 5);
  CHECK(parsed.docs[3]->value == "plain");

  CHECK(parse("").docs.empty());
  CHECK(parse("# nothing here\n").docs.empty());
  CHECK_FALSE(parse("# nothing here\n").error);
  CHECK(parse("---\n---\n").docs.empty());
}

TEST_CASE("loader: a List document", "[loader]") {
  const std::string text =
      "apiVersion: v1\n"
      "kind: List\n"
      "items:\n"
      "- apiVersion: batch/v1\n"
      "  kind: Job\n"
      "  metadata: {name: a}\n"
      "- apiVersion: batch/v1\n"
      "  kind: Job\n"
      "  metadata:\n"
      "    name: b\n";
  auto parsed = parse(text);
  REQUIRE_FALSE(parsed.error);
  REQUIRE(parsed.docs.size() == 1);
  const Document& doc = *parsed.docs[0];
  CHECK(doc.value["items"].size() == 2);
  CHECK(node(doc, "/items/0").value == pos(4, 3));
  CHECK(node(doc, "/items/1/kind").key == pos(8, 3));
  CHECK(node(doc, "/items/0/metadata/name").value == pos(6, 20));
  CHECK(node(doc, "/items/1/metadata/name").value == pos(10, 11));
  auto manifests = jobwarden::core::manifests_of(parsed.docs[0]);
  REQUIRE(manifests.size() == 2);
  CHECK(manifests[1].ref().name == "b");
  CHECK(manifests[1].locate("/metadata/name") == pos(10, 5));
}

TEST_CASE("loader: scalars are typed as Kubernetes reads them", "[loader]") {
  struct Row {
    const char* yaml;
    json expected;
  };
  const std::vector<Row> rows = {
      {"\"3\"", "3"},
      {"'3'", "3"},
      {"3", 3},
      {"-3", -3},
      {"+3", 3},
      {"0x1F", 31},
      {"0o17", 15},
      {"017", 15},
      {"0b101", 5},
      {"1_000", 1000},
      {"0", 0},
      {"9223372036854775807", INT64_MAX},
      {"18446744073709551615", UINT64_MAX},
      {"1.5", 1.5},
      {"-0.25", -0.25},
      {".5", 0.5},
      {"1e3", 1000},  // integral floats become integers, as encoding/json writes them
      {"1.0", 1},
      {"09", 9},
      {"1e400", "1e400"},
      {".inf", ".inf"},
      {"-.Inf", "-.Inf"},
      {".nan", ".nan"},
      {"true", true},
      {"True", true},
      {"yes", true},
      {"Yes", true},
      {"on", true},
      {"ON", true},
      {"y", true},
      {"false", false},
      {"no", false},
      {"off", false},
      {"n", false},
      {"tRue", "tRue"},
      {"~", nullptr},
      {"null", nullptr},
      {"Null", nullptr},
      {"NULL", nullptr},
      {"nULL", "nULL"},
      {"", nullptr},
      {"\"\"", ""},
      {"\"true\"", "true"},
      {"!!str 3", "3"},
      {"!!str true", "true"},
      {"!!int \"12\"", 12},
      {"!!float 2.5", 2.5},
      {"!!int abc", "abc"},
      {"!custom 5", "5"},
      {"2001-12-14", "2001-12-14"},
      {"1.2.3", "1.2.3"},
      {"0x", "0x"},
      {"{a: b}", json{{"a", "b"}}},
      {"[1, \"2\", yes]", json::array({1, "2", true})},
      {"|\n  x\n", "x\n"},
      {">\n  a\n  b\n", "a b\n"},
  };
  for (const auto& row : rows) {
    INFO("value: " << row.yaml);
    auto parsed = parse(std::string("v: ") + row.yaml + "\n");
    REQUIRE_FALSE(parsed.error);
    REQUIRE(parsed.docs.size() == 1);
    CHECK(parsed.docs[0]->value["v"] == row.expected);
    CHECK(parsed.docs[0]->value["v"].type() == row.expected.type());
  }
  // Keys are always strings, written as they are.
  auto keys = parse("yes: 1\n3: 2\n~: 3\n\"on\": 4\n");
  REQUIRE_FALSE(keys.error);
  CHECK(keys.docs[0]->value == json{{"yes", 1}, {"3", 2}, {"~", 3}, {"on", 4}});
}

TEST_CASE("loader: scalar styles in the source map", "[loader]") {
  auto parsed =
      parse("a: plain\nb: 'single'\nc: \"double\"\nd: |\n  lit\ne: >\n  fold\nf: ~\ng:\n");
  REQUIRE_FALSE(parsed.error);
  const Document& doc = *parsed.docs[0];
  CHECK(node(doc, "/a").style == NodeStyle::plain);
  CHECK(node(doc, "/b").style == NodeStyle::single_quoted);
  CHECK(node(doc, "/c").style == NodeStyle::double_quoted);
  CHECK(node(doc, "/d").style == NodeStyle::literal);
  CHECK(node(doc, "/e").style == NodeStyle::folded);
  CHECK(node(doc, "/f").style == NodeStyle::plain);
  CHECK(node(doc, "/f").value == pos(8, 4));
  CHECK(node(doc, "/g").style == NodeStyle::null_implicit);
  CHECK(node(doc, "/g").value == pos(9, 3));
  CHECK(node(doc, "/g").value_offset == doc.file->text.size() - 1);
}

TEST_CASE("loader: anchors, aliases and merge keys", "[loader]") {
  const std::string text =
      "defaults: &defaults\n"
      "  restartPolicy: Never\n"
      "  image: busybox\n"
      "a: *defaults\n"
      "b:\n"
      "  <<: *defaults\n"
      "  image: alpine\n"
      "c:\n"
      "  <<: [{x: 1}, {x: 2, y: 2}]\n"
      "d: &n 5\n"
      "e: *n\n";
  auto parsed = parse(text);
  REQUIRE_FALSE(parsed.error);
  const Document& doc = *parsed.docs[0];
  CHECK(doc.value["a"] == json{{"restartPolicy", "Never"}, {"image", "busybox"}});
  // Explicit keys win over merged ones, whatever their order.
  CHECK(doc.value["b"] == json{{"restartPolicy", "Never"}, {"image", "alpine"}});
  // In a merged sequence, earlier mappings win.
  CHECK(doc.value["c"] == json{{"x", 1}, {"y", 2}});
  CHECK(doc.value["e"] == 5);
  CHECK(node(doc, "/defaults").value == pos(2, 3));
  // The alias node has its own position; the anchored nodes are not duplicated under it.
  CHECK(node(doc, "/a").value == pos(4, 4));
  CHECK(node(doc, "/a").style == NodeStyle::alias);
  CHECK(doc.source.find("/a/image") == nullptr);
  CHECK(doc.source.locate("/a/image") == pos(4, 1));
  // Merged keys point at the "<<" line; explicit ones at themselves.
  CHECK(node(doc, "/b/restartPolicy").key == pos(6, 3));
  CHECK(node(doc, "/b/image").key == pos(7, 3));
  CHECK(doc.source.find("/b/<<") == nullptr);
  CHECK(node(doc, "/d").value == pos(10, 7));
}

TEST_CASE("loader: a UTF-8 BOM does not shift positions", "[loader]") {
  const std::string body = "kind: Job\nspec:\n  parallelism: 2\n";
  auto plain = parse(body);
  auto bom = parse("\xEF\xBB\xBF" + body);
  REQUIRE_FALSE(bom.error);
  REQUIRE(bom.docs.size() == 1);
  CHECK(bom.docs[0]->value == plain.docs[0]->value);
  CHECK(node(*bom.docs[0], "/kind").key == pos(1, 1));
  CHECK(node(*bom.docs[0], "/spec/parallelism").value == pos(3, 16));
  // Offsets are offsets into the original text, BOM included.
  CHECK(node(*bom.docs[0], "/kind").key_offset == 3);
  CHECK(node(*bom.docs[0], "/spec/parallelism").value_offset ==
        node(*plain.docs[0], "/spec/parallelism").value_offset + 3);
  CHECK(bom.docs[0]->begin_offset == 3);

  auto json_bom = parse("\xEF\xBB\xBF{\"a\":\t1}", "bom.json");
  REQUIRE_FALSE(json_bom.error);
  CHECK(json_bom.docs[0]->value == json{{"a", 1}});
  CHECK(node(*json_bom.docs[0], "/a").value == pos(1, 7));
}

TEST_CASE("loader: CRLF line endings give the same positions as LF", "[loader]") {
  std::string lf = kJobs;
  std::string crlf;
  for (char ch : lf) {
    if (ch == '\n') crlf += '\r';
    crlf += ch;
  }
  auto a = parse(lf);
  auto b = parse(crlf);
  REQUIRE_FALSE(b.error);
  REQUIRE(b.docs.size() == a.docs.size());
  for (std::size_t i = 0; i < a.docs.size(); ++i) {
    CHECK(b.docs[i]->value == a.docs[i]->value);
    CHECK(b.docs[i]->source.size() == a.docs[i]->source.size());
    for (std::string p : {"", "/kind", "/metadata/name", "/spec/template/spec/containers/0/image",
                          "/spec/jobTemplate/spec/template/spec/containers/0/args/1"}) {
      const SourceNode* x = a.docs[i]->source.find(p);
      const SourceNode* y = b.docs[i]->source.find(p);
      REQUIRE((x == nullptr) == (y == nullptr));
      if (x) {
        INFO("doc " << i << " pointer " << p);
        CHECK(x->key == y->key);
        CHECK(x->value == y->value);
        CHECK(x->style == y->style);
      }
    }
  }
}

TEST_CASE("loader: non-ASCII characters count as one column", "[loader]") {
  auto parsed = parse("metadata:\n  annotations:\n    note: \"héllo wörld\"\n    émoji: 🚀 ok\n");
  REQUIRE_FALSE(parsed.error);
  const Document& doc = *parsed.docs[0];
  CHECK(doc.value["metadata"]["annotations"]["émoji"] == "🚀 ok");
  CHECK(node(doc, "/metadata/annotations/émoji").key == pos(4, 5));
  CHECK(node(doc, "/metadata/annotations/émoji").value == pos(4, 12));
}
