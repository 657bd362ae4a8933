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

// nullopt when within the limits; otherwise a reason naming the byte offset.
std::optional<std::string> check_json_shape(std::string_view text, const JsonShapeLimits& limits);

// A short, sanitised excerpt of `text` around byte `offset` (at most ~40 characters), quoted.
std::string excerpt_at(std::string_view text, std::size_t offset);

}  // namespace jobwarden::webhook
