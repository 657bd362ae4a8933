#include "rules/k8s/validation.hpp"

#include <cmath>
#include <cstdio>
#include <limits>
#include <map>

#include "rules/core/json_pointer.hpp"
#include "rules/k8s/name_chars.hpp"
#include "rules/k8s/text.hpp"

namespace jobwarden::k8s {

using nlohmann::json;

namespace {

using name_chars::matches_dns_label;
using name_chars::matches_label_key_name;
using name_chars::matches_subdomain;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_lower_alnum(char c) {
  return (c >= 'a' && c <= 'z') || is_digit(c);
}
bool is_alnum(char c) {
  return is_lower_alnum(c) || (c >= 'A' && c <= 'Z');
}

// RegexError of apimachinery: "<msg> (e.g. 'a',  or 'b', regex used for validation is '<fmt>')".
std::string regex_error(const std::string& msg, const std::string& fmt,
                        std::initializer_list<const char*> examples) {
  if (examples.size() == 0) return msg + " (regex used for validation is '" + fmt + "')";
  std::string out = msg + " (e.g. ";
  bool first = true;
  for (const char* example : examples) {
    if (!first) out += " or ";
    first = false;
    out += std::string("'") + example + "', ";
  }
  return out + "regex used for validation is '" + fmt + "')";
}

std::string max_len_error(std::size_t length) {
  return "must be no more than " + std::to_string(length) + " characters";
}

const char* const kLabelFmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const char* const kSubdomainFmt =
    "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
const char* const kLabelKeyFmt = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const char* const kLabelKeyMsg =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character";

// ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
}  // namespace

// Go's strconv.Atoi: optional sign, decimal digits, int64 range.
std::optional<std::int64_t> go_atoi(std::string_view text) {
  std::size_t i = 0;
  bool negative = false;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    negative = text[0] == '-';
    i = 1;
  }
  if (i == text.size()) return std::nullopt;
  std::uint64_t value = 0;
  const std::uint64_t limit =
      negative ? std::uint64_t{1} << 63 : static_cast<std::uint64_t>(INT64_MAX);
  for (; i < text.size(); ++i) {
    if (!is_digit(text[i])) return std::nullopt;
    const std::uint64_t digit = static_cast<std::uint64_t>(text[i] - '0');
    if (value > (limit - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  if (negative)
    return value == (std::uint64_t{1} << 63) ? INT64_MIN : -static_cast<std::int64_t>(value);
  return static_cast<std::int64_t>(value);
}

std::string go_atoi_error(std::string_view text) {
  // Atoi reports "invalid syntax" or "value out of range".
  bool syntax_ok = !text.empty();
  std::size_t i = !text.empty() && (text[0] == '+' || text[0] == '-') ? 1 : 0;
  if (i == text.size()) syntax_ok = false;
  for (; i < text.size() && syntax_ok; ++i) syntax_ok = is_digit(text[i]);
  return "strconv.Atoi: parsing " + go_quote(text) + ": " +
         (syntax_ok ? "value out of range" : "invalid syntax");
}

std::string field_path(std::string_view pointer) {
  std::string out;
  for (const std::string& token : core::split_pointer(pointer)) {
    const bool index = !token.empty() && token.find_first_not_of("0123456789") == std::string::npos;
    if (index) {
      out += "[" + token + "]";
    } else {
      if (!out.empty()) out += ".";
      out += token;
    }
  }
  return out;
}

std::string rejects(std::string_view pointer, std::string_view body) {
  return "the API server rejects this: " + field_path(pointer) + ": " + std::string(body);
}

std::string go_quote(std::string_view text) {
  std::string out = "\"";
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\x%02x", c);
          out += buffer;
        } else {
          out += ch;
        }
    }
  }
  return out + "\"";
}

std::string go_value(const json& value) {
  if (value.is_string()) return go_quote(value.get<std::string>());
  if (auto number = as_integer(&value)) return std::to_string(*number);
  if (value.is_null()) return "null";
  if (value.is_primitive()) return value.dump();
  return value.is_array() ? "[...]" : "{...}";
}

std::optional<std::int64_t> as_integer(const json* value) {
  if (value == nullptr) return std::nullopt;
  if (value->is_number_unsigned()) {
    const auto number = value->get<std::uint64_t>();
    if (number > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
    return static_cast<std::int64_t>(number);
  }
  if (value->is_number_integer()) return value->get<std::int64_t>();
  if (value->is_number_float()) {
    const double number = value->get<double>();
    if (!std::isfinite(number) || std::trunc(number) != number) return std::nullopt;
    if (number < -9.2e18 || number > 9.2e18) return std::nullopt;
    return static_cast<std::int64_t>(number);
  }
  return std::nullopt;
}

std::optional<std::int64_t> get_integer(const Node& parent, std::string_view key) {
  return as_integer(member(parent, key));
}

std::string kind_name(const json& object) {
  return is_cronjob(object) ? "CronJob" : "Job";
}

std::string invalid(const std::string& value, std::string_view detail) {
  return "Invalid value: " + value + ": " + std::string(detail);
}

std::string unsupported(const std::string& value, const std::vector<std::string>& supported) {
  std::string out = "Unsupported value: " + value + ": supported values: ";
  for (std::size_t i = 0; i < supported.size(); ++i) {
    if (i > 0) out += ", ";
    out += go_quote(supported[i]);
  }
  return out;
}

std::string required(std::string_view detail) {
  return detail.empty() ? std::string("Required value") : "Required value: " + std::string(detail);
}

std::string too_many(std::size_t actual, std::size_t max) {
  return "Too many: " + std::to_string(actual) + ": must have at most " + std::to_string(max) +
         " items";
}

std::string too_long(std::size_t max) {
  return "Too long: may not be more than " + std::to_string(max) + " bytes";
}

std::string duplicate(const std::string& value) {
  return "Duplicate value: " + value;
}

std::vector<std::string> dns1123_label_errors(std::string_view value) {
  std::vector<std::string> errors;
  if (value.size() > 63) errors.push_back(max_len_error(63));
  if (!matches_dns_label(value)) {
    if (matches_subdomain(value)) {
      errors.push_back("must not contain dots");
    } else {
      errors.push_back(regex_error(
          "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or "
          "'-', and must start and end with an alphanumeric character",
          kLabelFmt, {"my-name", "123-abc"}));
    }
  }
  return errors;
}

std::vector<std::string> dns1123_subdomain_errors(std::string_view value) {
  std::vector<std::string> errors;
  if (value.size() > 253) errors.push_back(max_len_error(253));
  if (!matches_subdomain(value)) {
    errors.push_back(regex_error(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' "
        "or '.', and must start and end with an alphanumeric character",
        kSubdomainFmt, {"example.com"}));
  }
  return errors;
}

std::vector<std::string> qualified_name_errors(std::string_view value) {
  std::vector<std::string> errors;
  // At most one '/': [prefix/]name (split by hand: this runs on every label key).
  const std::size_t slash = value.find('/');
  std::string_view name;
  if (slash == std::string_view::npos) {
    name = value;
  } else if (value.find('/', slash + 1) == std::string_view::npos) {
    const std::string_view prefix = value.substr(0, slash);
    name = value.substr(slash + 1);
    if (prefix.empty()) {
      errors.push_back("prefix part must be non-empty");
    } else {
      for (const auto& message : dns1123_subdomain_errors(prefix)) {
        errors.push_back("prefix part " + message);
      }
    }
  } else {
    errors.push_back("a valid label key " +
                     regex_error(kLabelKeyMsg, kLabelKeyFmt, {"MyName", "my.name", "123-abc"}) +
                     " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
    return errors;
  }
  if (name.empty()) {
    errors.push_back("name part must be non-empty");
  } else if (name.size() > 63) {
    errors.push_back("name part " + max_len_error(63));
  }
  if (!matches_label_key_name(name)) {
    errors.push_back("name part " +
                     regex_error(kLabelKeyMsg, kLabelKeyFmt, {"MyName", "my.name", "123-abc"}));
  }
  return errors;
}

std::vector<std::string> label_value_errors(std::string_view value) {
  std::vector<std::string> errors;
  if (value.size() > 63) errors.push_back(max_len_error(63));
  if (!value.empty() && !matches_label_key_name(value)) {
    errors.push_back(regex_error(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' "
        "or '.', and must start and end with an alphanumeric character",
        "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?", {"MyValue", "my_value", "12345"}));
  }
  return errors;
}

std::vector<std::string> domain_prefixed_path_errors(std::string_view value) {
  std::vector<std::string> errors;
  if (value.empty()) {
    errors.push_back(required());
    return errors;
  }
  const std::size_t slash = value.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == value.size()) {
    errors.push_back(
        invalid(go_quote(value), "must be a domain-prefixed path (such as \"acme.io/foo\")"));
    return errors;
  }
  const std::string_view host = value.substr(0, slash);
  for (const auto& message : dns1123_subdomain_errors(host)) {
    errors.push_back(invalid(go_quote(host), message));
  }
  const std::string_view path = value.substr(slash + 1);
  for (char c : path) {
    if (is_alnum(c)) continue;
    if (std::string_view("/-._~%!$&'()*+,;=:").find(c) != std::string_view::npos) continue;
    errors.push_back(
        invalid(go_quote(path),
                "Invalid path (regex used for validation is '[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+')"));
    break;
  }
  return errors;
}

namespace {

IndexesResult parse_indexes_impl(std::string_view text, std::int64_t completions) {
  IndexesResult result;
  if (text.empty()) return result;
  std::optional<std::int64_t> last;
  for (std::string_view interval : split(text, ',')) {
    const auto limits = split(interval, '-');
    if (limits.size() > 2) {
      result.error = "the fragment " + go_quote(interval) +
                     " violates the requirement that an index interval can have at most two "
                     "parts separated by '-'";
      return result;
    }
    const auto x = go_atoi(limits[0]);
    if (!x) {
      result.error = "cannot convert string to integer for index: " + go_quote(limits[0]);
      return result;
    }
    if (*x >= completions) {
      result.error = "too large index: " + go_quote(limits[0]);
      return result;
    }
    std::int64_t y = *x;
    if (limits.size() > 1) {
      const auto parsed = go_atoi(limits[1]);
      if (!parsed) {
        result.error = "cannot convert string to integer for index: " + go_quote(limits[1]);
        return result;
      }
      if (*parsed >= completions) {
        result.error = "too large index: " + go_quote(limits[1]);
        return result;
      }
      if (*x >= *parsed) {
        result.error = "non-increasing order, previous: " + std::to_string(*x) +
                       ", current: " + std::to_string(*parsed);
        return result;
      }
      y = *parsed;
    }
    if (last && *last >= *x) {
      result.error = "non-increasing order, previous: " + std::to_string(*last) +
                     ", current: " + std::to_string(*x);
      return result;
    }
    result.total += y - *x + 1;
    last = y;
  }
  return result;
}

}  // namespace

IndexesResult parse_indexes(std::string_view text, std::int64_t completions) {
  IndexesResult result = parse_indexes_impl(text, completions);
  if (!result.ok()) result.total = 0;  // validateIndexesFormat returns 0 with an error
  return result;
}

std::optional<std::string> go_duration_error(std::string_view text, long double* nanoseconds) {
  const std::string invalid_duration = "time: invalid duration " + go_quote(text);
  std::string_view s = text;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  if (s == "0") {
    if (nanoseconds != nullptr) *nanoseconds = 0;
    return std::nullopt;
  }
  if (s.empty()) return invalid_duration;
  static const std::map<std::string, long double, std::less<>> kUnits{
      {"ns", 1.0L}, {"us", 1e3L}, {"\xC2\xB5s", 1e3L}, {"\xCE\xBCs", 1e3L},
      {"ms", 1e6L}, {"s", 1e9L},  {"m", 60e9L},        {"h", 3600e9L}};
  long double total = 0;
  while (!s.empty()) {
    if (!(s[0] == '.' || is_digit(s[0]))) return invalid_duration;
    std::size_t i = 0;
    long double value = 0;
    while (i < s.size() && is_digit(s[i])) value = value * 10 + (s[i++] - '0');
    const bool pre = i > 0;
    bool post = false;
    long double fraction = 0;
    if (i < s.size() && s[i] == '.') {
      ++i;
      long double scale = 1;
      const std::size_t start = i;
      while (i < s.size() && is_digit(s[i])) {
        scale /= 10;
        fraction += (s[i++] - '0') * scale;
      }
      post = i > start;
    }
    if (!pre && !post) return invalid_duration;
    s.remove_prefix(i);
    std::size_t unit_end = 0;
    while (unit_end < s.size() && s[unit_end] != '.' && !is_digit(s[unit_end])) ++unit_end;
    if (unit_end == 0) return "time: missing unit in duration " + go_quote(text);
    const std::string_view unit = s.substr(0, unit_end);
    s.remove_prefix(unit_end);
    auto it = kUnits.find(unit);
    if (it == kUnits.end()) {
      return "time: unknown unit " + go_quote(unit) + " in duration " + go_quote(text);
    }
    total += (value + fraction) * it->second;
    if (total > 9223372036854775807.0L) return invalid_duration;
  }
  if (nanoseconds != nullptr) *nanoseconds = text.front() == '-' ? -total : total;
  return std::nullopt;
}

std::optional<std::string> time_zone_error(std::string_view zone) {
  if (zone.empty()) return std::string("timeZone must be nil or non-empty string");
  for (std::string_view part : split(zone, '/')) {
    bool ok =
        !part.empty() && part.size() <= 14 && part != "." && part != ".." && part.front() != '-';
    for (char c : part) {
      if (!ok) break;
      ok = is_alnum(c) || c == '.' || c == '-' || c == '_' || c == '+';
    }
    if (!ok) return "unknown time zone " + std::string(zone);
  }
  if (lower(zone) == "local") {
    return std::string(
        "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones");
  }
  return std::nullopt;
}

}  // namespace jobwarden::k8s
