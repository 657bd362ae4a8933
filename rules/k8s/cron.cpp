#include "rules/k8s/cron.hpp"

#include <map>

#include "rules/k8s/text.hpp"
#include "rules/k8s/validation.hpp"

namespace jobwarden::k8s {

namespace {

struct Bounds {
  std::uint64_t min;
  std::uint64_t max;
  const std::map<std::string, std::uint64_t>* names;
};

const std::map<std::string, std::uint64_t> kMonthNames{
    {"jan", 1}, {"feb", 2}, {"mar", 3}, {"apr", 4},  {"may", 5},  {"jun", 6},
    {"jul", 7}, {"aug", 8}, {"sep", 9}, {"oct", 10}, {"nov", 11}, {"dec", 12}};
const std::map<std::string, std::uint64_t> kDowNames{{"sun", 0}, {"mon", 1}, {"tue", 2}, {"wed", 3},
                                                     {"thu", 4}, {"fri", 5}, {"sat", 6}};
const Bounds kMinutes{0, 59, nullptr};
const Bounds kHours{0, 23, nullptr};
const Bounds kDaysOfMonth{1, 31, nullptr};
const Bounds kMonths{1, 12, &kMonthNames};
const Bounds kDaysOfWeek{0, 6, &kDowNames};

// robfig's getBits.
std::uint64_t bits(std::uint64_t min, std::uint64_t max, std::uint64_t step) {
  std::uint64_t out = 0;
  for (std::uint64_t i = min; i <= max; i += step) out |= std::uint64_t{1} << i;
  return out;
}
std::uint64_t all(const Bounds& bounds) {
  return bits(bounds.min, bounds.max, 1) | CronSchedule::kStar;
}

// mustParseInt: Atoi, then no negatives.
std::optional<std::string> must_parse_int(std::string_view expr, std::uint64_t& out) {
  auto value = go_atoi(expr);
  if (!value) {
    return "failed to parse int from " + std::string(expr) + ": " + go_atoi_error(expr);
  }
  if (*value < 0) {
    return "negative number (" + std::to_string(*value) + ") not allowed: " + std::string(expr);
  }
  out = static_cast<std::uint64_t>(*value);
  return std::nullopt;
}

std::optional<std::string> parse_int_or_name(std::string_view expr, const Bounds& bounds,
                                             std::uint64_t& out) {
  if (bounds.names != nullptr) {
    auto it = bounds.names->find(lower(expr));
    if (it != bounds.names->end()) {
      out = it->second;
      return std::nullopt;
    }
  }
  return must_parse_int(expr, out);
}

// robfig's getRange: one comma-separated piece of a field.
std::optional<std::string> get_range(std::string_view expr, const Bounds& bounds,
                                     std::uint64_t& out) {
  const auto range_and_step = split(expr, '/');
  const auto low_and_high = split(range_and_step[0], '-');
  const bool single_digit = low_and_high.size() == 1;
  std::uint64_t start = 0;
  std::uint64_t end = 0;
  std::uint64_t step = 1;
  std::uint64_t extra = 0;
  const std::string text(expr);
  if (low_and_high[0] == "*" || low_and_high[0] == "?") {
    start = bounds.min;
    end = bounds.max;
    extra = CronSchedule::kStar;
  } else {
    if (auto error = parse_int_or_name(low_and_high[0], bounds, start)) return error;
    switch (low_and_high.size()) {
      case 1:
        end = start;
        break;
      case 2:
        if (auto error = parse_int_or_name(low_and_high[1], bounds, end)) return error;
        break;
      default:
        return "too many hyphens: " + text;
    }
  }
  switch (range_and_step.size()) {
    case 1:
      step = 1;
      break;
    case 2:
      if (auto error = must_parse_int(range_and_step[1], step)) return error;
      if (single_digit) end = bounds.max;  // "N/step" means "N-max/step"
      if (step > 1) extra = 0;
      break;
    default:
      return "too many slashes: " + text;
  }
  if (start < bounds.min) {
    return "beginning of range (" + std::to_string(start) + ") below minimum (" +
           std::to_string(bounds.min) + "): " + text;
  }
  if (end > bounds.max) {
    return "end of range (" + std::to_string(end) + ") above maximum (" +
           std::to_string(bounds.max) + "): " + text;
  }
  if (start > end) {
    return "beginning of range (" + std::to_string(start) + ") beyond end of range (" +
           std::to_string(end) + "): " + text;
  }
  if (step == 0) return "step of range should be a positive number: " + text;
  out |= bits(start, end, step) | extra;
  return std::nullopt;
}

std::optional<std::string> get_field(std::string_view field, const Bounds& bounds,
                                     std::uint64_t& out) {
  // strings.FieldsFunc(field, ','): empty pieces are dropped.
  for (std::string_view expr : split(field, ',')) {
    if (expr.empty()) continue;
    if (auto error = get_range(expr, bounds, out)) return error;
  }
  return std::nullopt;
}

std::optional<std::string> parse_descriptor(std::string_view descriptor, CronSchedule& out) {
  out.minutes = 1;
  out.hours = 1;
  out.days_of_month = all(kDaysOfMonth);
  out.months = all(kMonths);
  out.days_of_week = all(kDaysOfWeek);
  if (descriptor == "@yearly" || descriptor == "@annually") {
    out.days_of_month = std::uint64_t{1} << kDaysOfMonth.min;
    out.months = std::uint64_t{1} << kMonths.min;
  } else if (descriptor == "@monthly") {
    out.days_of_month = std::uint64_t{1} << kDaysOfMonth.min;
  } else if (descriptor == "@weekly") {
    out.days_of_week = std::uint64_t{1} << kDaysOfWeek.min;
  } else if (descriptor == "@daily" || descriptor == "@midnight") {
  } else if (descriptor == "@hourly") {
    out.hours = all(kHours);
  } else if (constexpr std::string_view kEvery = "@every ";
             descriptor.substr(0, kEvery.size()) == kEvery) {
    long double nanoseconds = 0;
    if (auto error = go_duration_error(descriptor.substr(kEvery.size()), &nanoseconds)) {
      return "failed to parse duration " + std::string(descriptor) + ": " + *error;
    }
    // robfig's Every: at least one second, rounded down to whole seconds.
    const long double seconds = nanoseconds / 1e9L;
    out.every_seconds = seconds < 1 ? 1 : static_cast<std::int64_t>(seconds);
  } else {
    return "unrecognized descriptor: " + std::string(descriptor);
  }
  return std::nullopt;
}

}  // namespace

CronParse parse_cron(std::string_view schedule) {
  CronParse result;
  CronSchedule parsed;
  const auto fail = [&](std::string error) {
    result.error = std::move(error);
    return result;
  };
  if (schedule.empty()) return fail("empty spec string");
  std::string_view spec = schedule;
  if (spec.substr(0, 3) == "TZ=" || spec.substr(0, 8) == "CRON_TZ=") {
    const std::size_t space = spec.find(' ');
    if (space == std::string_view::npos) {
      return fail("provided bad location " + std::string(spec.substr(spec.find('=') + 1)));
    }
    parsed.time_zone = true;
    spec = spec.substr(space);
    while (!spec.empty() && kWhitespace.find(spec.front()) != std::string_view::npos) {
      spec.remove_prefix(1);
    }
    while (!spec.empty() && kWhitespace.find(spec.back()) != std::string_view::npos) {
      spec.remove_suffix(1);
    }
  }
  if (!spec.empty() && spec.front() == '@') {
    if (auto error = parse_descriptor(spec, parsed)) return fail(*error);
    result.schedule = parsed;
    return result;
  }
  const auto parts = go_fields(spec);
  if (parts.size() != 5) {
    std::string listed = "[";
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (i > 0) listed += " ";
      listed += std::string(parts[i]);
    }
    listed += "]";
    return fail("expected exactly 5 fields, found " + std::to_string(parts.size()) + ": " + listed);
  }
  const std::pair<const Bounds*, std::uint64_t*> targets[5] = {
      {&kMinutes, &parsed.minutes},
      {&kHours, &parsed.hours},
      {&kDaysOfMonth, &parsed.days_of_month},
      {&kMonths, &parsed.months},
      {&kDaysOfWeek, &parsed.days_of_week}};
  for (std::size_t i = 0; i < 5; ++i) {
    if (auto error = get_field(parts[i], *targets[i].first, *targets[i].second)) {
      return fail(*error);
    }
  }
  result.schedule = parsed;
  return result;
}

std::optional<std::string> cron_schedule_error(std::string_view schedule) {
  CronParse parsed = parse_cron(schedule);
  if (parsed.schedule) return std::nullopt;
  return std::move(parsed.error);
}

}  // namespace jobwarden::k8s
