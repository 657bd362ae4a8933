#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "rules/core/json_text.hpp"

using jobwarden::core::append_json_string;
using jobwarden::core::json_string;
using nlohmann::json;

namespace {
std::string nlohmann_text(const std::string& text) {
  return json(text).dump(-1, ' ', false, json::error_handler_t::replace);
}
}  // namespace

TEST_CASE("json text: strings are written byte for byte as nlohmann's dump() writes them",
          "[core]") {
  std::string every_ascii;
  for (int c = 0; c < 0x80; ++c) every_ascii += static_cast<char>(c);
  const std::vector<std::string> samples = {
      "",
      "plain",
      every_ascii,
      "say \"hi\" \\ back\\slash",
      "caf\xC3\xA9 \xE2\x80\xA6 \xF0\x9F\x98\x80",  // valid UTF-8 stays as it is
      "tab\tand \x01 and \x1f",
      "bad \xFF byte",  // invalid UTF-8: U+FFFD
      "cut \xE2\x80",   // truncated sequence
      "\xC0\xAF overlong",
  };
  for (const auto& sample : samples) {
    INFO(nlohmann_text(sample));
    CHECK(json_string(sample) == nlohmann_text(sample));
  }
  CHECK(json_string("a\"b") == R"("a\"b")");
  CHECK(json_string("\x01") == R"("\u0001")");
  std::string out = "x:";
  append_json_string(out, "y");
  CHECK(out == R"(x:"y")");
}
