#include "rules/k8s/schedule_period.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include "rules/k8s/cron.hpp"

namespace jobwarden::k8s {

namespace {

bool has(std::uint64_t bits, int value) {
  return (bits >> value & 1) != 0;
}

bool leap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && leap(year) ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

std::optional<std::int64_t> field_period(const CronSchedule& schedule) {
  std::vector<int> times;  // minutes of the day, ascending
  for (int h = 0; h < 24; ++h) {
    if (!has(schedule.hours, h)) continue;
    for (int m = 0; m < 60; ++m) {
      if (has(schedule.minutes, m)) times.push_back(h * 60 + m);
    }
  }
  if (times.empty()) return std::nullopt;
  std::int64_t best = -1;
  auto consider = [&](std::int64_t gap) {
    if (gap > 0 && (best < 0 || gap < best)) best = gap;
  };
  for (std::size_t i = 1; i < times.size(); ++i) consider(times[i] - times[i - 1]);

  // Walk eight years of days (2024-01-01 was a Monday) for the gaps between run days; robfig
  // ANDs day-of-month and day-of-week when either is a star, else ORs them.
  const bool and_days = (schedule.days_of_month & CronSchedule::kStar) != 0 ||
                        (schedule.days_of_week & CronSchedule::kStar) != 0;
  std::int64_t previous_day = -1;
  std::int64_t day_index = 0;
  int weekday = 1;
  for (int year = 2024; year < 2032; ++year) {
    for (int m = 1; m <= 12; ++m) {
      const int count = days_in_month(year, m);
      for (int d = 1; d <= count; ++d, ++day_index, weekday = (weekday + 1) % 7) {
        if (!has(schedule.months, m)) continue;
        const bool dom_match = has(schedule.days_of_month, d);
        const bool dow_match = has(schedule.days_of_week, weekday);
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
  const CronParse parsed = parse_cron(schedule);
  if (!parsed.schedule || parsed.schedule->time_zone) return std::nullopt;
  if (parsed.schedule->every_seconds) return parsed.schedule->every_seconds;
  return field_period(*parsed.schedule);
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
