#pragma once

// Member look-up in nlohmann::json objects with the key comparison inline.
//
// Why: json::find(key) walks the std::map comparing std::strings through libc's memcmp, one call
// per tree level; in `lint` those calls were ~3% of the time (perf, 5,000 Jobs). Keys differ in
// their first characters, so an inline loop ends at once. The order is std::string's (bytes
// compared as unsigned char), so this finds exactly what json::find finds.

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

namespace jobwarden::core {

namespace json_lookup_detail {

struct Key {
  std::string_view text;
};

inline int compare_keys(std::string_view a, std::string_view b) {
  const std::size_t n = a.size() < b.size() ? a.size() : b.size();
  for (std::size_t i = 0; i < n; ++i) {
    const auto x = static_cast<unsigned char>(a[i]);
    const auto y = static_cast<unsigned char>(b[i]);
    if (x != y) return x < y ? -1 : 1;
  }
  return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}

// Found by std::less<void> (the map's comparator) through argument-dependent look-up.
inline bool operator<(const std::string& a, Key b) {
  return compare_keys(a, b.text) < 0;
}
inline bool operator<(Key a, const std::string& b) {
  return compare_keys(a.text, b) < 0;
}

}  // namespace json_lookup_detail

// The member `key` of `object`, or nullptr when `object` is not an object or has no such member.
inline const nlohmann::json* find_member(const nlohmann::json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  const auto& members = object.get_ref<const nlohmann::json::object_t&>();
  const auto it = members.find(json_lookup_detail::Key{key});
  return it == members.end() ? nullptr : &it->second;
}

inline nlohmann::json* find_member(nlohmann::json& object, std::string_view key) {
  return const_cast<nlohmann::json*>(find_member(std::as_const(object), key));
}

// Where `key` is or would go in `members` (std::map::lower_bound, the comparison inline).
inline nlohmann::json::object_t::iterator member_lower_bound(nlohmann::json::object_t& members,
                                                             std::string_view key) {
  return members.lower_bound(json_lookup_detail::Key{key});
}

}  // namespace jobwarden::core
