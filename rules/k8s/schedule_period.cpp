#include "rules/k8s/schedule_period.hpp"

#include <algorithm>
#include <array>
#include <bitset>
#include <cctype>
#include <sstream>
#include <vector>

#include "rules/k8s/text.hpp"

namespace jobwarden::k8s {

namespace {

struct Field {
  std::bitset<64> bits;
  bool star = false;  // robfig's starBit: `*` or `?` without a step > 1
};

std::optional<int> parse_value(std::string_view text, const char* const* names, int names_base) {
  if (text.empty()) return std::nullopt;
  if (names != nullptr) {
    const std::string name = lower(text);
    for (int i = 0; names[i] != nullptr; ++i) {
      if (name == names[i]) return names_base + i;
    }
  }
  int value = 0;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    value = value * 10 + (c - '0');
    if (value > 1000) return std::nullopt;
  }
  return value;
}

// One field of robfig/cron's getField/getRange.
std::optional<Field> parse_field(std::string_view text, int min, int max,
                                 const char* const* names = nullptr, int names_base = 0) {
  Field field;
  for (std::string_view part : split(text, ',')) {
    const auto step_parts = split(part, '/');
    if (step_parts.size() > 2) return std::nullopt;
    const auto bounds = split(step_parts[0], '-');
    if (bounds.size() > 2) return std::nullopt;
    int start = 0;
    int end = 0;
    bool star = false;
    if (bounds[0] == "*" || bounds[0] == "?") {
      if (bounds.size() != 1) return std::nullopt;
      start = min;
      end = max;
      star = true;
    } else {
      const auto first = parse_value(bounds[0], names, names_base);
      if (!first) return std::nullopt;
      start = end = *first;
      if (bounds.size() == 2) {
        const auto last = parse_value(bounds[1], names, names_base);
        if (!last) return std::nullopt;
        end = *last;
      }
    }
    int step = 1;
    if (step_parts.size() == 2) {
      const auto parsed = parse_value(step_parts[1], nullptr, 0);
      if (!parsed || *parsed == 0) return std::nullopt;
      step = *parsed;
      if (bounds.size() == 1 && !star) end = max;  // "N/step" means N-max/step
      if (step > 1) star = false;
    }
    if (start < min || end > max || start > end) return std::nullopt;
    for (int v = start; v <= end; v += step) field.bits.set(static_cast<std::size_t>(v));
    field.star = field.star || star;
  }
  return field;
}

std::optional<std::int64_t> parse_every(std::string_view text) {
  // Go duration with h, m, s units (and optional fractions are not supported here).
  std::int64_t total = 0;
  std::size_t i = 0;
  if (text.empty()) return std::nullopt;
  while (i < text.size()) {
    std::int64_t number = 0;
    std::size_t digits = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      number = number * 10 + (text[i] - '0');
      if (number > 100'000'000'000) return std::nullopt;
      ++i, ++digits;
    }
    if (digits == 0 || i == text.size()) return std::nullopt;
    const char unit = text[i++];
    if (unit == 'h') {
      total += number * 3600;
    } else if (unit == 'm' && (i == text.size() || text[i] != 's')) {
      total += number * 60;
    } else if (unit == 's') {
      total += number;
    } else {
      return std::nullopt;
    }
  }
  return std::max<std::int64_t>(total, 1);  // robfig: at least one second
}

bool leap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && leap(year) ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

std::optional<std::int64_t> five_field_period(const std::vector<std::string>& fields) {
  static const char* const kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",  "jul",
                                        "aug", "sep", "oct", "nov", "dec", nullptr};
  static const char* const kDays[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat", nullptr};
  const auto minute = parse_field(fields[0], 0, 59);
  const auto hour = parse_field(fields[1], 0, 23);
  const auto dom = parse_field(fields[2], 1, 31);
  const auto month = parse_field(fields[3], 1, 12, kMonths, 1);
  const auto dow = parse_field(fields[4], 0, 6, kDays, 0);
  if (!minute || !hour || !dom || !month || !dow) return std::nullopt;

  std::vector<int> times;  // minutes of the day, ascending
  for (int h = 0; h < 24; ++h) {
    if (!hour->bits.test(static_cast<std::size_t>(h))) continue;
    for (int m = 0; m < 60; ++m) {
      if (minute->bits.test(static_cast<std::size_t>(m))) times.push_back(h * 60 + m);
    }
  }
  if (times.empty()) return std::nullopt;
  std::int64_t best = -1;
  auto consider = [&](std::int64_t gap) {
    if (gap > 0 && (best < 0 || gap < best)) best = gap;
  };
  for (std::size_t i = 1; i < times.size(); ++i) consider(times[i] - times[i - 1]);

  // Walk eight years of days (2024-01-01 was a Monday) for the gaps between run days.
  const bool and_days = dom->star || dow->star;
  std::int64_t previous_day = -1;
  std::int64_t day_index = 0;
  int weekday = 1;
  for (int year = 2024; year < 2032; ++year) {
    for (int m = 1; m <= 12; ++m) {
      const int count = days_in_month(year, m);
      for (int d = 1; d <= count; ++d, ++day_index, weekday = (weekday + 1) % 7) {
        if (!month->bits.test(static_cast<std::size_t>(m))) continue;
        const bool dom_match = dom->bits.test(static_cast<std::size_t>(d));
        const bool dow_match = dow->bits.test(static_cast<std::size_t>(weekday));
        if (!(and_days ? dom_match && dow_match : dom_match || dow_match)) continue;
        if (previous_day >= 0) {
          consider((day_index - previous_day) * 1440 - times.back() + times.front());
        }
        previous_day = day_index;
      }
    }
  }
  if (best < 0) return std::nullopt;  // fewer than two runs in eight years
  return best * 60;
}

}  // namespace

std::optional<std::int64_t> min_schedule_period_seconds(std::string_view schedule) {
  std::istringstream in{std::string(schedule)};
  std::vector<std::string> fields;
  for (std::string field; in >> field;) fields.push_back(field);
  if (fields.empty()) return std::nullopt;
  if (fields[0].find("TZ") != std::string::npos) return std::nullopt;
  if (fields[0][0] == '@') {
    const std::string descriptor = lower(fields[0]);
    if (descriptor == "@every") {
      if (fields.size() != 2) return std::nullopt;
      return parse_every(fields[1]);
    }
    if (fields.size() != 1) return std::nullopt;
    if (descriptor == "@yearly" || descriptor == "@annually") {
      return five_field_period({"0", "0", "1", "1", "*"});
    }
    if (descriptor == "@monthly") return five_field_period({"0", "0", "1", "*", "*"});
    if (descriptor == "@weekly") return five_field_period({"0", "0", "*", "*", "0"});
    if (descriptor == "@daily" || descriptor == "@midnight") return 86400;
    if (descriptor == "@hourly") return 3600;
    return std::nullopt;
  }
  if (fields.size() != 5) return std::nullopt;
  return five_field_period(fields);
}

std::string human_duration(std::int64_t seconds) {
  if (seconds <= 0) return std::to_string(seconds) + "s";
  std::string out;
  const std::int64_t days = seconds / 86400;
  const std::int64_t hours = seconds % 86400 / 3600;
  const std::int64_t minutes = seconds % 3600 / 60;
  const std::int64_t rest = seconds % 60;
  if (days > 0) out += std::to_string(days) + "d";
  if (hours > 0) out += std::to_string(hours) + "h";
  if (minutes > 0) out += std::to_string(minutes) + "m";
  if (rest > 0) out += std::to_string(rest) + "s";
  return out;
}

}  // namespace jobwarden::k8s
