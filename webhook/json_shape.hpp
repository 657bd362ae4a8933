#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

// A scan of raw JSON text before it is parsed, so that no review can make the parser build a
// document that is too deep or has too many values (700k empty containers in 2 MB would cost
// gigabytes in the engine). Outside strings only; the parser still validates the syntax.
namespace jobwarden::webhook {

struct JsonShapeLimits {
  std::size_t max_depth = 512;
  std::size_t max_array_elements = 20'000;  // no real Job has an array this long
  std::size_t max_values = 250'000;         // objects, arrays and members/elements in all
};

// Calls `on_token(c, offset)` for every character of `text` outside strings that is not JSON
// whitespace (a string's opening quote is one), until it returns false. The one JSON text scan
// of the webhook: it knows strings and escapes, nothing else.
template <typename OnToken>
void for_each_json_token(std::string_view text, OnToken on_token) {
  bool in_string = false;
  bool escaped = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    if (c == '"') in_string = true;
    if (!on_token(c, i)) return;
  }
}

// Deepest nesting of arrays/objects, scanning outside strings; stops counting past `limit`
// (returns limit + 1 then).
std::size_t json_nesting_depth(std::string_view text, std::size_t limit);

// nullopt when within the limits; otherwise a reason naming the byte offset.
std::optional<std::string> check_json_shape(std::string_view text, const JsonShapeLimits& limits);

// A short, sanitised excerpt of `text` around byte `offset` (at most ~40 characters), quoted.
std::string excerpt_at(std::string_view text, std::size_t offset);

}  // namespace jobwarden::webhook
