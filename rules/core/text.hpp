#pragma once

#include <string_view>
#include <vector>

// Small ASCII string helpers below every layer (the k8s parsers re-export them).
namespace jobwarden::core {

// ASCII whitespace as Go's strings.Fields and the image checks understand it.
inline constexpr std::string_view kWhitespace = " \t\r\n\v\f";

// Whether `text` has any byte of `set`: text.find_first_of(set) != npos without libstdc++'s
// memchr over `set` for every byte of `text` (these run over every image and pointer token).
inline bool has_any_of(std::string_view text, std::string_view set) {
  for (const char c : text) {
    for (const char s : set) {
      if (c == s) return true;
    }
  }
  return false;
}

// Go's strings.Split with one separator: "a,,b" -> {"a", "", "b"}; "" -> {""}.
std::vector<std::string_view> split(std::string_view text, char separator);

// Go's strings.Fields: the pieces between runs of ASCII whitespace.
std::vector<std::string_view> go_fields(std::string_view text);

}  // namespace jobwarden::core
