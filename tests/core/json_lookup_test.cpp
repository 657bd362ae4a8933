#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "rules/core/json_lookup.hpp"

using jobwarden::core::find_member;
using jobwarden::core::member_lower_bound;
using nlohmann::json;

TEST_CASE("json lookup: find_member finds what json::find finds", "[core]") {
  // Prefixes of each other, the empty key, bytes above 0x7f (ordered as unsigned char, as
  // std::string orders them), keys that differ only at the end.
  const std::vector<std::string> keys = {
      "",         "a",
      "ab",       "abc",
      "abd",      "b",
      "spec",     "status",
      "selector", "serviceAccountName",
      "\x7f",     "\xc3\xa9t\xc3\xa9",
      "\xff",     "Z",
  };
  json object = json::object();
  for (std::size_t i = 0; i < keys.size(); i += 2) object[keys[i]] = i;
  const json& constant = object;
  for (const std::string& key : keys) {
    INFO("key: " << key);
    const auto it = object.find(key);
    const json* expected = it == object.end() ? nullptr : &*it;
    CHECK(find_member(constant, key) == expected);
    CHECK(find_member(object, key) == expected);
    auto& members = object.get_ref<json::object_t&>();
    CHECK(member_lower_bound(members, key) == members.lower_bound(key));
  }
  CHECK(find_member(constant, "abcd") == nullptr);
  CHECK(find_member(json::array({1, 2}), "a") == nullptr);
  CHECK(find_member(json("a"), "a") == nullptr);
  CHECK(find_member(json(), "a") == nullptr);
}
