#pragma once

#include <array>
#include <string_view>

// The character-level name checks of apimachinery (DNS labels and subdomains, label keys and
// values), apart from validation.cpp so that each stays small.
namespace jobwarden::k8s::name_chars {

// Character classes of the name checks, one table look-up per character: label keys and values
// are checked on every label of every object.
enum : unsigned char { kLowerAlnum = 1, kUpper = 2, kDash = 4, kUnderscore = 8, kDot = 16 };
inline constexpr std::array<unsigned char, 256> kCharClass = [] {
  std::array<unsigned char, 256> table{};
  for (int c = 'a'; c <= 'z'; ++c) table[c] = kLowerAlnum;
  for (int c = '0'; c <= '9'; ++c) table[c] = kLowerAlnum;
  for (int c = 'A'; c <= 'Z'; ++c) table[c] = kUpper;
  table['-'] = kDash;
  table['_'] = kUnderscore;
  table['.'] = kDot;
  return table;
}();
inline unsigned char char_class(char c) {
  return kCharClass[static_cast<unsigned char>(c)];
}

inline bool matches_dns_label(std::string_view value) {
  if (value.empty()) return false;
  if (!(char_class(value.front()) & kLowerAlnum) || !(char_class(value.back()) & kLowerAlnum)) {
    return false;
  }
  for (char c : value) {
    if (!(char_class(c) & (kLowerAlnum | kDash))) return false;
  }
  return true;
}

// Dot-separated DNS labels, in one pass: the ends are alphanumeric, so every dot has a
// neighbour on both sides, and both must be alphanumeric (no empty label, none starting or
// ending with '-').
inline bool matches_subdomain(std::string_view value) {
  if (value.empty()) return false;
  if (!(char_class(value.front()) & kLowerAlnum) || !(char_class(value.back()) & kLowerAlnum)) {
    return false;
  }
  for (std::size_t i = 1; i + 1 < value.size(); ++i) {
    const unsigned char cls = char_class(value[i]);
    if (!(cls & (kLowerAlnum | kDash | kDot))) return false;
    if (cls == kDot &&
        (!(char_class(value[i - 1]) & kLowerAlnum) || !(char_class(value[i + 1]) & kLowerAlnum))) {
      return false;
    }
  }
  return true;
}

// ^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$
inline bool matches_label_key_name(std::string_view value) {
  if (value.empty()) return false;
  constexpr unsigned char alnum = kLowerAlnum | kUpper;
  if (!(char_class(value.front()) & alnum) || !(char_class(value.back()) & alnum)) return false;
  for (char c : value) {
    if (!(char_class(c) & (alnum | kDash | kUnderscore | kDot))) return false;
  }
  return true;
}

}  // namespace jobwarden::k8s::name_chars
