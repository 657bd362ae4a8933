// Hostile and broken input: every problem is a LoadError naming the file, never a crash.
#include <chrono>
#include <random>

#include <catch2/catch.hpp>

#include "rules/core/loader.hpp"
#include "tests/support/parse_text.hpp"

using jobwarden::core::Document;
using jobwarden::core::LoadError;
using jobwarden::core::LoadLimits;
using nlohmann::json;

namespace {

using jobwarden::testing::Parsed;

Parsed parse(std::string text, std::string path = "bad.yaml", const LoadLimits& limits = {}) {
  return jobwarden::testing::parse_text(std::move(text), std::move(path), limits);
}

// The error's display(), checked to start with the file name.
std::string error_of(const std::string& text, const std::string& path = "bad.yaml",
                     const LoadLimits& limits = {}) {
  auto parsed = parse(text, path, limits);
  INFO("input: " << text.substr(0, 200));
  REQUIRE(parsed.error);
  std::string shown = parsed.error->display();
  CHECK(parsed.error->file == path);
  CHECK(shown.rfind(path + ":", 0) == 0);
  return shown;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

const std::string kTabMessage =
    "tab character used for indentation (YAML forbids tabs; use spaces)";

}  // namespace

TEST_CASE("loader: tabs used for indentation in YAML", "[loader]") {
  CHECK(error_of("kind: Job\nspec:\n\tparallelism: 2\n", "t.yaml") == "t.yaml:3:1: " + kTabMessage);
  // yaml-cpp accepts this one silently; Kubernetes (go-yaml) refuses it.
  CHECK(error_of("a:\n\tb\n", "t.yaml") == "t.yaml:2:1: " + kTabMessage);
  CHECK(error_of("a:\n  - b\n  \t- c\n", "t.yaml") == "t.yaml:3:3: " + kTabMessage);
  CHECK(error_of("a: |\n  x\n\ty\n", "t.yaml") == "t.yaml:3:1: " + kTabMessage);
  CHECK(error_of("a: 1\n\t# comment\nb: 2\n", "t.yaml") == "t.yaml:2:1: " + kTabMessage);

  // Tabs that are not indentation are fine.
  auto flow = parse("a: [1,\n\t2]\n");
  REQUIRE_FALSE(flow.error);
  CHECK(flow.docs[0]->value == json{{"a", {1, 2}}});
  auto literal = parse("a: |\n  x\n  \ty\nb:\t1\n");
  REQUIRE_FALSE(literal.error);
  CHECK(literal.docs[0]->value == json{{"a", "x\n\ty\n"}, {"b", 1}});
  // go-yaml refuses a tab at the start of a blank line too.
  CHECK(error_of("a: 1\n\t\nb: 2\n", "t.yaml") == "t.yaml:2:1: " + kTabMessage);
}

TEST_CASE("loader: duplicate keys", "[loader]") {
  CHECK(error_of("metadata:\n  name: a\n  labels: {}\n  name: b\n", "d.yaml") ==
        "d.yaml:4:3: duplicate key \"name\" (first at line 2)");
  CHECK(error_of("a: {x: 1, x: 2}\n", "d.yaml") ==
        "d.yaml:1:11: duplicate key \"x\" (first at line 1)");
  // Inside a mapping used as a key (refused, but the duplicate is found first).
  CHECK(error_of("k: 1\n? {x: 1,\n   x: 2}\n: v\n", "d.yaml") ==
        "d.yaml:3:4: duplicate key \"x\" (first at line 2)");
  // Merged values have no positions of their own: no line for the first one.
  CHECK(error_of("a:\n  <<: {x: 1,\n       x: 2}\n", "d.yaml") ==
        "d.yaml:3:8: duplicate key \"x\"");
  // Same key in different mappings, or merged over, is not a duplicate.
  auto ok = parse("a: {x: 1}\nb: {x: 2}\nc: &c {y: 1}\nd:\n  <<: *c\n  y: 2\n");
  REQUIRE_FALSE(ok.error);
  CHECK(ok.docs[0]->value["d"] == json{{"y", 2}});
}

TEST_CASE("loader: deep nesting is refused without a crash", "[loader]") {
  const std::size_t levels = 100'000;
  auto start = std::chrono::steady_clock::now();
  const std::string brackets(levels, '[');
  std::string objects;
  for (std::size_t i = 0; i < levels; ++i) objects += "{\"a\":";
  std::string dashes;
  for (std::size_t i = 0; i < levels; ++i) dashes += "- ";
  dashes += "x\n";
  // a:\n a:\n  a:\n ... (one more space per level)
  std::string mappings;
  for (std::size_t i = 0; i < 3000; ++i) mappings += std::string(i, ' ') + "a:\n";

  // Our own limit.
  LoadLimits hundred;
  hundred.max_depth = 100;
  const std::string ours = ": nesting deeper than 100 levels (limit; possible attack)";
  // yaml-cpp reads an unclosed "[[[..." as a flow sequence used as an implicit key (two levels
  // per bracket), and the first "{" of an unclosed "{"a":{"a":..." as a key of a block mapping.
  CHECK(error_of(brackets, "deep.yaml", hundred) == "deep.yaml:1:51" + ours);
  CHECK(error_of(objects, "deep.json", hundred) == "deep.json:1:496" + ours);
  CHECK(error_of(dashes, "dashes.yaml", hundred) == "dashes.yaml:1:201" + ours);
  CHECK(error_of(mappings, "map.yaml", hundred) == "map.yaml:101:101" + ours);

  // With the default limit (512) yaml-cpp's own recursion guard (~500 levels) answers first;
  // with no limit of ours at all, too. Either way a clear error and no crash.
  LoadLimits unlimited;
  unlimited.max_depth = 1'000'000;
  for (const LoadLimits& limits : {LoadLimits{}, unlimited}) {
    for (const auto& [text, name] :
         std::vector<std::pair<std::string, std::string>>{{brackets, "deep.yaml"},
                                                          {objects, "deep.json"},
                                                          {dashes, "dashes.yaml"},
                                                          {mappings, "map.yaml"}}) {
      auto shown = error_of(text, name, limits);
      CHECK(shown.find(": nesting deeper than 499 levels (limit of the YAML parser; possible "
                       "attack)") != std::string::npos);
    }
  }

  // Within the limit, nesting is fine.
  LoadLimits ten;
  ten.max_depth = 10;
  auto ok = parse("[[[[[[[[[[1]]]]]]]]]]", "ok.yaml", ten);
  CHECK_FALSE(ok.error);
  CHECK(error_of("a: [[[[[[[[[[1]]]]]]]]]]", "d.yaml", ten) ==
        "d.yaml:1:13: nesting deeper than 10 levels (limit; possible attack)");
  CHECK(seconds_since(start) < 20);
}

TEST_CASE("loader: alias bombs are bounded", "[loader]") {
  std::string bomb =
      "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  for (char level = 'b'; level <= 'j'; ++level) {
    std::string prev(1, static_cast<char>(level - 1));
    bomb += std::string(1, level) + ": &" + level + " [";
    for (int i = 0; i < 9; ++i) bomb += (i ? ",*" : "*") + prev;
    bomb += "]\n";
  }
  auto start = std::chrono::steady_clock::now();
  auto shown = error_of(bomb, "bomb.yaml");
  CHECK(shown.find("bomb.yaml:7:") == 0);
  CHECK(shown.find("alias expansion exceeds 1000000 nodes (possible alias bomb)") !=
        std::string::npos);
  // A guard against a hang, not a speed target: the unbounded expansion is 9^10 (3.5 billion)
  // nodes, hours of work; the bounded one takes ~0.5 s (~5 s in the unoptimised sanitizer build
  // beside other tests).
  CHECK(seconds_since(start) < 30);

  LoadLimits small;
  small.max_alias_nodes = 100;
  CHECK(error_of(bomb, "bomb.yaml", small) ==
        "bomb.yaml:3:8: alias expansion exceeds 100 nodes (possible alias bomb)");

  // Ordinary alias use stays well under the limit.
  auto ok = parse("x: &x {a: 1, b: [1, 2]}\ny: *x\nz: *x\n");
  REQUIRE_FALSE(ok.error);
  CHECK(ok.docs[0]->value["z"] == json{{"a", 1}, {"b", {1, 2}}});
}

TEST_CASE("loader: broken anchors and merges", "[loader]") {
  CHECK(error_of("a: *zz\n", "x.yaml") == "x.yaml:1:4: yaml: unknown anchor \"zz\"");
  CHECK(error_of("a: &a [1, *a]\n", "x.yaml") ==
        "x.yaml:1:11: alias *a refers to a node that contains it (recursive alias)");
  CHECK(error_of("a: &x 1\nb:\n  <<: *x\n", "x.yaml") ==
        "x.yaml:3:3: merge key \"<<\" needs a mapping or a sequence of mappings");
  CHECK(error_of("? [1]\n: x\n", "x.yaml") ==
        "x.yaml:1:3: complex mapping keys (a mapping or sequence used as a key) are not "
        "supported");
}

TEST_CASE("loader: YAML syntax errors name file and position", "[loader]") {
  CHECK(error_of("a: [1, 2\nb: c\n", "s.yaml").rfind("s.yaml:", 0) == 0);
  auto parsed = parse("kind: Job\nspec: : :\n", "s.yaml");
  REQUIRE(parsed.error);
  CHECK(parsed.error->pos.line == 2);
  CHECK(parsed.error->message.rfind("yaml: ", 0) == 0);
  CHECK(error_of("a: 'unterminated\n", "s.yaml").find("yaml: ") != std::string::npos);
  CHECK(error_of("a: b\n c: d\n", "s.yaml").find("s.yaml:2:") == 0);
}

TEST_CASE("loader: invalid UTF-8 and control characters", "[loader]") {
  CHECK(error_of("kind: Job\nname: caf\xC3\x28\n", "u.yaml") ==
        "u.yaml:2:10: not valid UTF-8 at line 2 col 10");
  CHECK(error_of("a: \xC0\xAF\n", "u.yaml") == "u.yaml:1:4: not valid UTF-8 at line 1 col 4");
  CHECK(error_of("a: \xED\xA0\x80\n", "u.yaml") == "u.yaml:1:4: not valid UTF-8 at line 1 col 4");
  CHECK(error_of("a: é\x80\n", "u.yaml") == "u.yaml:1:5: not valid UTF-8 at line 1 col 5");
  CHECK(error_of("a: \xF4\x90\x80\x80\n", "u.yaml") ==
        "u.yaml:1:4: not valid UTF-8 at line 1 col 4");
  CHECK(error_of("a: \xE2\x82\n", "u.yaml") == "u.yaml:1:4: not valid UTF-8 at line 1 col 4");
  CHECK(error_of(std::string("a: b\0c\n", 7), "n.yaml") ==
        "n.yaml:1:5: control character 0x00 is not allowed at line 1 col 5");
  CHECK(error_of("a: \x1B[31m\n", "n.yaml") ==
        "n.yaml:1:4: control character 0x1B is not allowed at line 1 col 4");
  // Valid multi-byte text passes.
  auto ok = parse("a: \xE2\x82\xAC \xF0\x9F\x9A\x80\n");
  REQUIRE_FALSE(ok.error);
  CHECK(ok.docs[0]->value["a"] == "\xE2\x82\xAC \xF0\x9F\x9A\x80");
}

TEST_CASE("loader: binary garbage never crashes", "[loader]") {
  std::mt19937 rng(12345);
  for (int round = 0; round < 200; ++round) {
    std::string text(50 + rng() % 400, '\0');
    for (auto& ch : text) ch = static_cast<char>(rng() & 0xFF);
    if (round % 2 == 0) text[rng() % text.size()] = '\0';
    auto parsed = parse(text, "garbage.bin");
    REQUIRE(parsed.error);
    CHECK(parsed.error->display().rfind("garbage.bin:", 0) == 0);
  }
  // Printable YAML punctuation soup: either loads or fails cleanly.
  const std::string alphabet = "[]{}:-?&*!|>'\"%@`#,\n\t ab1<";
  int failures = 0;
  for (int round = 0; round < 2000; ++round) {
    std::string text(1 + rng() % 60, ' ');
    for (auto& ch : text) ch = alphabet[rng() % alphabet.size()];
    auto parsed = parse(text, "soup.yaml");
    if (parsed.error) {
      ++failures;
      CHECK(parsed.error->display().rfind("soup.yaml", 0) == 0);
    }
  }
  CHECK(failures > 0);
}

TEST_CASE("loader: text larger than the limit", "[loader]") {
  LoadLimits small;
  small.max_file_bytes = 8;
  CHECK(error_of("kind: Job\n", "big.yaml", small) ==
        "big.yaml: file is too large (10 bytes; the limit is 8)");
}

TEST_CASE("loader: yaml-cpp inputs that never end are stopped", "[loader]") {
  // yaml-cpp 0.7 reports an endless stream of empty documents for a lone ",".
  CHECK(error_of(",", "loop.yaml") ==
        "loop.yaml:1:1: yaml: the YAML parser stopped making progress (malformed input)");
  auto parsed = parse("kind: A\n---\n,\n", "loop.yaml");
  REQUIRE(parsed.error);
  CHECK(parsed.error->message == "yaml: the YAML parser stopped making progress (malformed input)");
  REQUIRE(parsed.docs.size() == 1);
  CHECK(parsed.docs[0]->value == json{{"kind", "A"}});
}

// Two objects without a `---` between them read as one mapping with duplicate keys; the message
// says what the usual cause is (issue 15).
TEST_CASE("loader: a duplicate top-level kind or apiVersion says a --- is probably missing",
          "[loader]") {
  CHECK(error_of("apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: a\n"
                 "apiVersion: batch/v1\nkind: Job\n",
                 "x.yaml") ==
        "x.yaml:5:1: duplicate key \"apiVersion\" (first at line 1); a \"---\" separator between "
        "two documents is probably missing");
  CHECK(error_of("kind: Job\nspec: {}\nkind: CronJob\n", "x.yaml") ==
        "x.yaml:3:1: duplicate key \"kind\" (first at line 1); a \"---\" separator between two "
        "documents is probably missing");
  // Elsewhere a duplicate is just a duplicate.
  CHECK(error_of("kind: Job\nmetadata:\n  kind: a\n  kind: b\n", "x.yaml") ==
        "x.yaml:4:3: duplicate key \"kind\" (first at line 3)");
}

TEST_CASE("loader: an unrendered Helm template says so and how to lint it", "[loader]") {
  CHECK(error_of("kind: Job\nmetadata:\n  name: {{ .Release.Name }}\n", "job.yaml") ==
        "job.yaml:3:10: complex mapping keys (a mapping or sequence used as a key) are not "
        "supported; this looks like an unrendered Helm template ({{ ... }}): lint the rendered "
        "manifests instead, e.g. `helm template RELEASE CHART | jobwarden lint -`");
}

TEST_CASE("loader: an error the builder finds before a parser error is the one reported",
          "[loader]") {
  CHECK(error_of("a: 1\na: 2\nb: [1, 2\n", "e.yaml") ==
        "e.yaml:2:1: duplicate key \"a\" (first at line 1)");
  // A document completed before a parser error is still delivered.
  auto parsed = parse("kind: A\n---\nb: [1, 2\n", "e.yaml");
  REQUIRE(parsed.error);
  CHECK(parsed.error->message.rfind("yaml: ", 0) == 0);
  REQUIRE(parsed.docs.size() == 1);
  CHECK(parsed.docs[0]->value == json{{"kind", "A"}});
}
