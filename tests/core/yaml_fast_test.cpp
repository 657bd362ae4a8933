// The loader's fast path (rules/core/yaml_fast.cpp) against yaml-cpp's parser: for every text it
// takes, the events and marks must be yaml-cpp's, and the documents the loader builds from them
// (JSON, SourceMap, offsets, errors) must be the ones it builds through yaml-cpp.
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "rules/core/json_pointer.hpp"
#include "rules/core/loader.hpp"
#include "tests/bench/corpus.hpp"
#include "tests/support/yaml_events.hpp"

using jobwarden::testing::fast_path_events;
using jobwarden::testing::loader_events;
using jobwarden::testing::yaml_cpp_events;

namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The repository's manifests and fixtures.
std::vector<std::filesystem::path> repository_yaml_files() {
  std::vector<std::filesystem::path> files;
  for (const char* dir : {"examples", "tests/data", "tests/rules", "tests/webhook", "charts"}) {
    if (!std::filesystem::exists(dir)) continue;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
      const auto ext = entry.path().extension();
      if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml" || ext == ".json")) {
        files.push_back(entry.path());
      }
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Everything the loader delivers for `text`, as text: each document's JSON, offsets and the
// SourceMap entry of every node, then the error.
std::string loaded(const std::string& text, bool fast_path) {
  using namespace jobwarden::core;
  auto file = source_from_text("t.yaml", text);
  LoadLimits limits;
  limits.simple_yaml_fast_path = fast_path;
  std::string out;
  auto error = parse_documents(
      file,
      [&](std::shared_ptr<const Document> doc) {
        out += "document " + std::to_string(doc->index) + " " + doc->value.dump() + " start " +
               std::to_string(doc->start.line) + ":" + std::to_string(doc->start.col) + " bytes " +
               std::to_string(doc->begin_offset) + ".." + std::to_string(doc->end_offset) +
               " line " + std::to_string(doc->begin_line) + "\n";
        std::function<void(const nlohmann::json&, const std::string&)> walk =
            [&](const nlohmann::json& v, const std::string& pointer) {
              const SourceNode* node = doc->source.find(pointer);
              out += "  " + pointer + " ";
              if (node == nullptr) {
                out += "-\n";
              } else {
                out += std::to_string(node->key.line) + ":" + std::to_string(node->key.col) + " " +
                       std::to_string(node->value.line) + ":" + std::to_string(node->value.col) +
                       " @" + std::to_string(node->key_offset) + "/" +
                       std::to_string(node->value_offset) + " style " +
                       std::to_string(static_cast<int>(node->style)) + "\n";
              }
              if (v.is_object()) {
                for (const auto& [k, child] : v.items()) walk(child, join_pointer(pointer, k));
              } else if (v.is_array()) {
                for (std::size_t i = 0; i < v.size(); ++i) {
                  walk(v[i], pointer + "/" + std::to_string(i));
                }
              }
            };
        walk(doc->value, "");
      },
      limits);
  if (error) {
    out += "error " + std::to_string(error->pos.line) + ":" + std::to_string(error->pos.col) + " " +
           error->message + "\n";
  }
  return out;
}

// Small edits of the kinds that change how YAML reads a text.
std::string mutate(std::string text, std::mt19937& rng) {
  // Half the edits use the characters block YAML is made of, so that many results stay inside
  // the fast path's subset; the other half every character with a meaning in YAML.
  static const std::string common = " \n:-#.0aZ'\"[],";
  static const std::string all = " \n:-#'\"[]{},&*!|>?%@`~\\\t\r.0aZ\xC2\x85";
  const std::string& alphabet = rng() % 2 == 0 ? common : all;
  const int edits = 1 + static_cast<int>(rng() % 3);
  for (int e = 0; e < edits && !text.empty(); ++e) {
    const std::size_t at = rng() % text.size();
    switch (rng() % 6) {
      case 0:
        text.erase(at, 1 + rng() % 3);
        break;
      case 1:
        text.insert(at, 1, alphabet[rng() % alphabet.size()]);
        break;
      case 2:
        text[at] = alphabet[rng() % alphabet.size()];
        break;
      case 3: {  // indent or unindent a line
        const std::size_t line = text.rfind('\n', at);
        const std::size_t start = line == std::string::npos ? 0 : line + 1;
        if (rng() % 2 == 0) {
          text.insert(start, 1 + rng() % 2, ' ');
        } else if (start < text.size() && text[start] == ' ') {
          text.erase(start, 1);
        }
        break;
      }
      case 4: {  // duplicate a line
        const std::size_t line = text.rfind('\n', at);
        const std::size_t start = line == std::string::npos ? 0 : line + 1;
        const std::size_t end = text.find('\n', at);
        const std::string copy =
            text.substr(start, end == std::string::npos ? std::string::npos : end - start + 1);
        text.insert(start, copy);
        break;
      }
      default:
        text.insert(at, rng() % 2 == 0 ? "\n---\n" : "\n- ");
        break;
    }
  }
  return text;
}

const std::string kSeedJob =
    "---\n"
    "# a comment\n"
    "apiVersion: batch/v1\n"
    "kind: Job\n"
    "metadata:\n"
    "  name: pi   # trailing comment\n"
    "  labels: {}\n"
    "  annotations: {a: \"1\", b.c/d: x}\n"
    "spec:\n"
    "  backoffLimit: 4\n"
    "  template:\n"
    "    spec:\n"
    "      restartPolicy: Never\n"
    "      containers:\n"
    "      - name: pi\n"
    "        image: \"perl:5.34.0\"\n"
    "        command: [\"perl\", -Mbignum=bpi, '-wle', print]\n"
    "        args:\n"
    "        - |\n"
    "          set -e\n"
    "\n"
    "          echo \"start\"   # kept\n"
    "        - |-\n"
    "            two\n"
    "        env:\n"
    "          -\n"
    "            name: A\n"
    "            value: 'x y'\n"
    "          - name: B\n"
    "        resources:\n"
    "      tolerations:\n"
    "---\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: List\n"
    "items:\n"
    "- ~\n"
    "- null\n";

}  // namespace

TEST_CASE("yaml fast path: the events and marks of yaml-cpp, or it declines",
          "[loader][yaml_fast]") {
  struct Case {
    std::string text;
    bool taken;
  };
  const std::vector<Case> cases = {
      {"", true},
      {"# only a comment\n", true},
      {"a: 1\n---\n", true},
      {"a:\n", true},
      {"a:\n# c\n", true},
      {"--- # c\na: 1\n", true},
      {"# c\n---\na: 1\n", true},
      {"---\n", true},
      {"---\n---\n", true},
      {"a:\n\n\n", true},
      {"a:\n- \n- x\n", true},
      {"a:\n  -\n  # c\n  - x\n", true},
      {"a: --x\nb: -1\nc: x]y\nd: x,y\n", true},
      {"a: [a , b ]  # c\n", true},
      {"a:   x  y   \n", true},
      {"a: x # c\nb: x#y\n", true},
      {"- # c\n  a: 1\n  b: 2\n- c\n", true},
      {"a:\n- b: 1\n  c: 2\n- d\ne: f\n", true},
      {"a: \"x\" # c\nb: 'y'\n", true},
      {"a: ~\nb: null\nnull: c\nd: [null, NULL]\n", true},
      {"a: {}\nb: []\n", true},
      {"  a: 1\n  b: 2\n", true},
      {"- a\n- b\n", true},
      {"a: caf\xC3\xA9\n", true},
      {"a: |\n  x\n   y\n\n  z\nb: 1\n", true},
      {"a: |-\n  x\n\n\nb: 1\n", true},
      {"a: |+\n  x\n\n\nb: 1\n", true},
      {"a: |+\n  x\n\n", true},
      {"- |\n  # not a comment\n  y\n- z\n", true},
      {"a: |  # c\n  x\n---\nb: |\n  y\nc: 1", true},
      {"a:\n- |\n  x\nb: 1\n", true},
      // Left to yaml-cpp.
      {"a: |\n  x", false},              // no newline after the last line
      {"a: |\n  x\n   \n  y\n", false},  // a blank line with content spaces
      {"a: |\nb: 1\n", false},           // an empty block scalar
      {"a: |\n\n  x\n", false},          // a leading blank line
      {"a: |2\n   x\n", false},          // an indentation indicator
      {"a: >\n  x\n", false},            // folded
      {"x\n", false},                    // a scalar document
      {"- - a\n", false},                // nested entries on one line
      {"a: x\n  y\n", false},            // a multi-line plain scalar
      {"a:\n  x\n", false},              // a value on the next line
      {"a: b: c\n", false},              // yaml-cpp's error
      {"a: - x\n", false},               // yaml-cpp's error
      {"a: &x 1\nb: *x\n", false},       // anchors and aliases
      {"a: !!str 1\n", false},           // tags
      {"a: \"x\\ny\"\n", false},         // escapes
      {"a: 'it''s'\n", false},           // escaped single quote
      {"a: {b: 1}\n", true},
      {"a: { cpu: 1 , m: \"x\" }\n", true},
      {"- {name: a, b: ~}\n", false},  // "~" inside a flow collection
      {"- {name: a, b: null}\n- {x: 1,y: 2}\n", true},
      {"a: {b: {c: 1}}\n", false},        // nested flow
      {"a: {b}\n", false},                // a key without a value
      {"a: [b, [c]]\n", false},           // nested flow
      {"a: [b,]\n", false},               // trailing comma
      {"a:\tb\n", false},                 // tabs
      {"a: 1\r\n", false},                // CR
      {"%YAML 1.2\n---\na: 1\n", false},  // directives
      {"a: 1\n...\n", false},             // document end marker
      {"\"a\": 1\n", false},              // quoted keys
      {"a b: 1\n", false},                // keys with blanks
      {"? a\n: 1\n", false},              // complex keys
      {"<<: {a: 1}\n", false},            // merge keys
      {"a:\n    b: 1\n  c: 2\n", false},  // bad indentation
      {"a: {{ .Values.x }}\n", false},    // a Helm template
      {"\xEF\xBB\xBF"
       "a: 1\n",
       false},               // a byte order mark
      {"a: \x01\n", false},  // control characters
  };
  for (const auto& c : cases) {
    INFO("text: " << c.text);
    const std::string fast = fast_path_events(c.text);
    if (c.taken) {
      CHECK(fast == yaml_cpp_events(c.text));
    } else {
      CHECK(fast == "declined");
    }
  }
}

TEST_CASE("yaml fast path: deep nesting is left to yaml-cpp and its depth limit",
          "[loader][yaml_fast]") {
  auto nested = [](int levels) {
    std::string text;
    for (int i = 0; i < levels; ++i) text += std::string(static_cast<std::size_t>(i), ' ') + "a:\n";
    return text;
  };
  const std::string shallow = nested(200);
  CHECK(fast_path_events(shallow) == yaml_cpp_events(shallow));
  CHECK(fast_path_events(nested(201)) == "declined");
}

TEST_CASE("yaml fast path: a kubectl Job and the benchmark corpus are taken, events equal",
          "[loader][yaml_fast]") {
  std::string corpus;
  for (std::size_t i = 0; i < 20; ++i) corpus += jobwarden::bench::bench_job_document(i);
  for (const std::string& text : {kSeedJob, corpus}) {
    const std::string fast = fast_path_events(text);
    REQUIRE(fast != "declined");
    CHECK(fast == yaml_cpp_events(text));
  }
}

TEST_CASE("yaml fast path: every manifest and fixture of the repository", "[loader][yaml_fast]") {
  std::size_t taken = 0;
  std::size_t files = 0;
  for (const auto& path : repository_yaml_files()) {
    const std::string text = read_file(path);
    INFO("file: " << path.string());
    ++files;
    const std::string fast = fast_path_events(text);
    if (fast != "declined") {
      ++taken;
      CHECK(fast == yaml_cpp_events(text));
    }
    CHECK(loaded(text, true) == loaded(text, false));
  }
  // Most manifests are in the subset; the rest (JSON, Helm templates, anchors, block scalars,
  // deliberately broken fixtures) go to yaml-cpp.
  INFO(taken << " of " << files << " files taken");
  CHECK(files > 200);
  CHECK(taken * 2 > files);
}

TEST_CASE("yaml fast path: 20000 mutated manifests", "[loader][yaml_fast]") {
  std::mt19937 rng(20261207);
  std::string corpus;
  for (std::size_t i = 0; i < 2; ++i) corpus += jobwarden::bench::bench_job_document(i);
  const std::vector<std::string> seeds = {kSeedJob, corpus};
  std::size_t taken = 0;
  for (int n = 0; n < 20000; ++n) {
    const std::string text = mutate(seeds[n % seeds.size()], rng);
    {
      // Document by document, the loader's events are yaml-cpp's for the whole text.
      INFO("mutation " << n << ":\n" << text);
      const std::string expected = loader_events(text, false);
      const std::string actual = loader_events(text, true);
      REQUIRE(actual == expected);
    }
    const std::string fast = fast_path_events(text);
    if (fast == "declined") continue;
    ++taken;
    INFO("mutation " << n << ":\n" << text);
    REQUIRE(fast == yaml_cpp_events(text));
    if (n % 10 == 0) REQUIRE(loaded(text, true) == loaded(text, false));
  }
  // The edits keep many texts inside the subset, so the comparison is exercised.
  INFO(taken << " of 20000 taken");
  CHECK(taken > 4000);
}
