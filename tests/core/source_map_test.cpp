// SourceMap lookups: pointers are resolved token by token against the nodes the loader stored,
// with the same answers as a map keyed by the escaped pointer strings.
#include "rules/core/source_map.hpp"

#include <string>

#include <catch2/catch.hpp>

#include "tests/support/parse_text.hpp"

using jobwarden::core::Document;
using jobwarden::core::Position;
using jobwarden::core::SourceNode;

namespace {

const Document& only_document(const jobwarden::testing::Parsed& parsed) {
  REQUIRE_FALSE(parsed.error);
  REQUIRE(parsed.docs.size() == 1);
  return *parsed.docs[0];
}

Position value_at(const Document& doc, std::string_view pointer) {
  const SourceNode* node = doc.source.find(pointer);
  INFO("pointer " << pointer);
  REQUIRE(node != nullptr);
  return node->value;
}

}  // namespace

TEST_CASE("source map: pointer tokens are matched escaped, items by canonical index", "[loader]") {
  const auto parsed = jobwarden::testing::parse_text(
      "a/b: 1\n"
      "\"t~x\": 2\n"
      "\"\": 3\n"
      "list:\n"
      "  - name: zero\n"
      "  - [x, y]\n"
      "  - name: two\n"
      "\"0\": m\n");
  const Document& doc = only_document(parsed);
  // The root, 5 members, 3 items, "name" twice, x and y.
  CHECK(doc.source.size() == 13);
  CHECK(value_at(doc, "") == Position{1, 1});
  CHECK(value_at(doc, "/a~1b") == Position{1, 6});
  CHECK(doc.source.find("/a/b") == nullptr);
  CHECK(doc.source.find("/a~1b/c") == nullptr);
  CHECK(value_at(doc, "/t~0x") == Position{2, 8});
  CHECK(doc.source.find("/t~x") == nullptr);  // not a valid escape: names no key
  CHECK(value_at(doc, "/") == Position{3, 5});
  CHECK(value_at(doc, "/0") == Position{8, 6});
  CHECK(value_at(doc, "/list/0/name") == Position{5, 11});
  CHECK(value_at(doc, "/list/1/1") == Position{6, 9});
  CHECK(value_at(doc, "/list/2/name") == Position{7, 11});
  for (const char* missing : {"/list/3", "/list/01", "/list/+1", "/list/-", "/list/1/2",
                              "/list/name", "/list/", "list", "/missing"}) {
    INFO("pointer " << missing);
    CHECK(doc.source.find(missing) == nullptr);
  }
  // A missing pointer is located at its nearest existing parent (key position for members).
  CHECK(doc.source.locate("/list/3/name") == Position{4, 1});
  CHECK(doc.source.locate("/list/1/7") == Position{6, 5});
  CHECK(doc.source.locate("/list/0/name/x") == Position{5, 5});
  CHECK(doc.source.locate("/missing/x") == Position{1, 1});
  CHECK(doc.source.locate("list") == Position{1, 1});
}

TEST_CASE("source map: items of a long sequence with subtrees of every size", "[loader]") {
  // Scalars, empty mappings and nested mappings between the items the lookup searches.
  std::string text = "items:\n";
  constexpr int kItems = 300;
  for (int i = 0; i < kItems; ++i) {
    if (i % 3 == 0) {
      text += "  - " + std::to_string(i) + "\n";
    } else if (i % 3 == 1) {
      text += "  - {}\n";
    } else {
      text += "  - {i: " + std::to_string(i) + ", sub: [a, {b: c}]}\n";
    }
  }
  const auto parsed = jobwarden::testing::parse_text(text);
  const Document& doc = only_document(parsed);
  for (int i = 0; i < kItems; ++i) {
    const std::string item = "/items/" + std::to_string(i);
    INFO(item);
    CHECK(value_at(doc, item) == Position{i + 2, 5});
    if (i % 3 == 2) {
      CHECK(value_at(doc, item + "/sub/1/b").line == i + 2);
      CHECK(doc.source.find(item + "/sub/2") == nullptr);
    }
  }
  CHECK(doc.source.find("/items/" + std::to_string(kItems)) == nullptr);
  CHECK(doc.source.locate("/items/" + std::to_string(kItems)) == Position{1, 1});
}
