#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "rules/core/glob.hpp"
#include "rules/core/json_pointer.hpp"
#include "rules/core/kube_version.hpp"
#include "rules/engine/engine.hpp"

using nlohmann::json;
using namespace jobwarden::core;

TEST_CASE("json pointer: escaping, joining, parents, lookup") {
  CHECK(escape_pointer_token("a/b~c") == "a~1b~0c");
  CHECK(unescape_pointer_token("a~1b~0c") == "a/b~c");
  CHECK(join_pointer("/metadata/labels", "app.kubernetes.io/name") ==
        "/metadata/labels/app.kubernetes.io~1name");
  CHECK(join_pointer("/items", std::size_t{3}) == "/items/3");
  CHECK(parent_pointer("/a/b") == "/a");
  CHECK(parent_pointer("/a") == "");
  CHECK(split_pointer("/a~1b/0") == std::vector<std::string>{"a/b", "0"});
  json doc = {{"a/b", {1, 2}}};
  REQUIRE(find_at(doc, "/a~1b/1") != nullptr);
  CHECK(*find_at(doc, "/a~1b/1") == 2);
  CHECK(find_at(doc, "/a~1b/2") == nullptr);
  CHECK(find_at(doc, "/a~1b/x") == nullptr);
  CHECK(find_at(doc, "/nope/x") == nullptr);
}

TEST_CASE("glob: star and question mark") {
  CHECK(glob_match("system:serviceaccount:kube-system:*",
                   "system:serviceaccount:kube-system:job-controller"));
  CHECK_FALSE(glob_match("system:serviceaccount:kube-system:*", "system:serviceaccount:default:x"));
  CHECK(glob_match("legacy-?", "legacy-1"));
  CHECK_FALSE(glob_match("legacy-?", "legacy-12"));
  CHECK(glob_match("*", ""));
  CHECK(glob_match("a*b*c", "aXXbYYc"));
  CHECK_FALSE(glob_match("a*b*c", "aXXbYY"));
}

TEST_CASE("kube version: parse and compare") {
  CHECK(parse_kube_version("1.31") == KubeVersion{1, 31});
  CHECK(parse_kube_version("v1.29.4") == KubeVersion{1, 29});
  CHECK_FALSE(parse_kube_version("1"));
  CHECK_FALSE(parse_kube_version("2.1"));
  CHECK_FALSE(parse_kube_version("1.x"));
  CHECK(KubeVersion{1, 28} < KubeVersion{1, 29});
}

TEST_CASE("apply_fixes: add creates parents, replace and skip of failing fixes") {
  json object = {{"spec", {{"parallelism", 5}, {"items", {1, 2}}}}};
  std::vector<Finding> findings(4);
  findings[0].fix =
      json::parse(R"([{"op":"add","path":"/spec/template/spec/restartPolicy","value":"Never"}])");
  findings[1].fix = json::parse(R"([{"op":"replace","path":"/spec/parallelism","value":3}])");
  findings[2].fix = json::parse(R"([{"op":"remove","path":"/spec/nothing"}])");  // fails: skipped
  findings[3].fix = json::parse(R"([{"op":"add","path":"/spec/items/1","value":9}])");
  json fixed = apply_fixes(object, findings);
  CHECK(fixed == json::parse(R"({"spec":{"parallelism":3,"items":[1,9,2],
      "template":{"spec":{"restartPolicy":"Never"}}}})"));
  CHECK(object["spec"]["parallelism"] == 5);  // the input is not modified
}
