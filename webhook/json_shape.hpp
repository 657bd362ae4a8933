#pragma once

#include <cstddef>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

// Bounds on the shape of a JSON document, so that no review can make the parser build one that
// is too deep or has too many values (700k empty containers in 2 MB would cost gigabytes in the
// engine): parse_json_within keeps them while it parses; check_json_shape, a scan of the raw
// text that knows byte offsets, words the refusal.
namespace jobwarden::webhook {

struct JsonShapeLimits {
  std::size_t max_depth = 512;
  std::size_t max_array_elements = 20'000;  // no real Job has an array this long
  std::size_t max_values = 250'000;         // objects, arrays and members/elements in all
};

// Calls `on_token(c, offset)` for every character of `text` outside strings that is not JSON
// whitespace (a string's opening quote is one), until it returns false. The one JSON text scan
// of the webhook: it knows strings and escapes, nothing else (the parser checks the syntax).
template <typename OnToken>
void for_each_json_token(std::string_view text, OnToken on_token) {
  const char* const data = text.data();
  const std::size_t size = text.size();
  for (std::size_t i = 0; i < size; ++i) {
    const char c = data[i];
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    if (!on_token(c, i)) return;
    if (c != '"') continue;
    // Strings are most of a review's bytes: jump from quote to quote (memchr) and count the
    // backslashes before each; an odd run escapes it.
    for (std::size_t from = i + 1;;) {
      const void* found = std::memchr(data + from, '"', size - from);
      if (found == nullptr) return;  // unterminated: the parser reports it
      const std::size_t quote = static_cast<std::size_t>(static_cast<const char*>(found) - data);
      std::size_t backslashes = 0;
      while (quote - backslashes > i + 1 && data[quote - backslashes - 1] == '\\') ++backslashes;
      if (backslashes % 2 == 0) {
        i = quote;
        break;
      }
      from = quote + 1;
    }
  }
}

// Deepest nesting of arrays/objects, scanning outside strings; stops counting past `limit`
// (returns limit + 1 then).
std::size_t json_nesting_depth(std::string_view text, std::size_t limit);

// nullopt when within the limits; otherwise a reason naming the byte offset.
std::optional<std::string> check_json_shape(std::string_view text, const JsonShapeLimits& limits);

// json::parse(text) into `out`, stopped as soon as the document goes past `limits` (the same
// counts as check_json_shape, kept while the parser builds the document, so the text is read
// once): nullopt when parsed, else check_json_shape's reason. Syntax errors throw
// json::parse_error, as json::parse does.
std::optional<std::string> parse_json_within(std::string_view text, const JsonShapeLimits& limits,
                                             nlohmann::json& out);

// A short, sanitised excerpt of `text` around byte `offset` (at most ~40 characters), quoted.
std::string excerpt_at(std::string_view text, std::size_t offset);

}  // namespace jobwarden::webhook
