#include <charconv>
#include <cmath>
#include <cstdint>

#include "rules/core/loader.hpp"
#include "rules/core/loader_internal.hpp"

namespace jobwarden::core {

using nlohmann::json;

namespace {

bool all_digits(std::string_view s, int base) {
  if (s.empty()) return false;
  for (char c : s) {
    int d;
    if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if (c >= 'a' && c <= 'z') {
      d = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'Z') {
      d = c - 'A' + 10;
    } else {
      return false;
    }
    if (d >= base) return false;
  }
  return true;
}

// Go's strconv.ParseUint(s, 0, 64) without the sign handling.
std::optional<std::uint64_t> parse_go_uint(std::string_view s) {
  if (s.empty()) return std::nullopt;
  int base = 10;
  if (s[0] == '0') {
    char p = s.size() >= 3 ? static_cast<char>(s[1] | 0x20) : '\0';
    if (p == 'b') {
      base = 2;
      s.remove_prefix(2);
    } else if (p == 'o') {
      base = 8;
      s.remove_prefix(2);
    } else if (p == 'x') {
      base = 16;
      s.remove_prefix(2);
    } else {
      base = 8;
      s.remove_prefix(1);
      if (s.empty()) return 0;
    }
  }
  if (!all_digits(s, base)) return std::nullopt;
  std::uint64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

// ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
bool yaml_style_float(std::string_view s) {
  std::size_t i = 0;
  auto digits = [&] {
    std::size_t b = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i - b;
  };
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (digits() == 0) return false;
  } else {
    if (digits() == 0) return false;
    if (i < s.size() && s[i] == '.') {
      ++i;
      digits();
    }
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (digits() == 0) return false;
  }
  return i == s.size();
}

std::optional<double> parse_float(std::string_view s) {
  std::string tmp(s);
  if (!tmp.empty() && tmp[0] == '+') tmp.erase(0, 1);
  double v = 0;
  auto [ptr, ec] = std::from_chars(tmp.data(), tmp.data() + tmp.size(), v);
  if (ec != std::errc() || ptr != tmp.data() + tmp.size() || !std::isfinite(v)) {
    return std::nullopt;
  }
  return v;
}

// encoding/json writes an integral float64 below 1e21 without a fraction, so the API server
// reads `1.0` or `1e3` as an integer; keep such values as integers.
json float_value(double v) {
  if (v == std::floor(v) && std::fabs(v) < 9.2e18) {
    return json(static_cast<std::int64_t>(v));
  }
  return json(v);
}

bool one_of(std::string_view s, std::string_view a, std::string_view b, std::string_view c) {
  return s == a || s == b || s == c;
}

// The YAML 1.1 booleans and nulls go-yaml reads: 1 true, 0 false, 2 null, -1 none. By length
// first: most plain scalars are none of them, and this runs for every one.
int word_kind(std::string_view s) {
  switch (s.size()) {
    case 0:
      return 2;
    case 1:
      return s[0] == 'y' || s[0] == 'Y' ? 1 : s[0] == 'n' || s[0] == 'N' ? 0 : s[0] == '~' ? 2 : -1;
    case 2:
      return one_of(s, "on", "On", "ON") ? 1 : one_of(s, "no", "No", "NO") ? 0 : -1;
    case 3:
      return one_of(s, "yes", "Yes", "YES") ? 1 : one_of(s, "off", "Off", "OFF") ? 0 : -1;
    case 4:
      return one_of(s, "true", "True", "TRUE") ? 1 : one_of(s, "null", "Null", "NULL") ? 2 : -1;
    case 5:
      return one_of(s, "false", "False", "FALSE") ? 0 : -1;
    default:
      return -1;
  }
}

json resolve_plain(std::string_view s) {
  if (int kind = word_kind(s); kind >= 0) {
    return kind == 2 ? json(nullptr) : json(kind == 1);
  }
  // .inf / .nan cannot be represented in JSON: they stay strings (the API server would refuse
  // them anyway).
  char hint = s[0];
  if (hint == '.') {
    if (yaml_style_float(s)) {
      if (auto v = parse_float(s)) return float_value(*v);
    }
    return json(std::string(s));
  }
  if (!((hint >= '0' && hint <= '9') || hint == '+' || hint == '-')) return json(std::string(s));

  std::string plain;
  plain.reserve(s.size());
  for (char c : s) {
    if (c != '_') plain += c;
  }
  std::string_view body = plain;
  bool negative = false;
  if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
    negative = body[0] == '-';
    body.remove_prefix(1);
  }
  if (auto u = parse_go_uint(body)) {
    constexpr auto max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    if (!negative && *u <= max) return json(static_cast<std::int64_t>(*u));
    if (negative && *u <= max + 1) {
      return json(*u == max + 1 ? std::numeric_limits<std::int64_t>::min()
                                : -static_cast<std::int64_t>(*u));
    }
    if (!negative && plain[0] != '+') return json(*u);  // ParseUint takes no sign
  }
  if (yaml_style_float(plain)) {
    if (auto v = parse_float(plain)) return float_value(*v);
  }
  return json(std::string(s));
}

}  // namespace

json resolve_plain_scalar(std::string_view text) {
  return resolve_plain(text);
}

namespace loader_internal {

constexpr std::string_view kTagPrefix = "tag:yaml.org,2002:";

json type_scalar(const std::string& tag, const std::string& value) {
  if (is_plain_tag(tag)) return resolve_plain(value);
  if (tag == "!" || !std::string_view(tag).starts_with(kTagPrefix)) return json(value);
  std::string_view kind = std::string_view(tag).substr(kTagPrefix.size());
  if (kind == "str") return json(value);
  json resolved = resolve_plain(value);
  if (kind == "int" && resolved.is_number_integer()) return resolved;
  if (kind == "float" && resolved.is_number()) return resolved;
  if (kind == "bool" && resolved.is_boolean()) return resolved;
  if (kind == "null" && resolved.is_null()) return resolved;
  return json(value);
}

}  // namespace loader_internal

}  // namespace jobwarden::core
