#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// The one cron parser: robfig/cron/v3's ParseStandard, which the API server uses to admit a
// CronJob schedule. Validation (cronjob-schedule-invalid) and the schedule period (the rules
// comparing durations with the schedule) both read schedules through it.
namespace jobwarden::k8s {

// A parsed schedule in robfig's representation: one bit per allowed value (bit 63 is robfig's
// "star" bit: the field was `*` or `?` without a step above 1).
struct CronSchedule {
  static constexpr std::uint64_t kStar = std::uint64_t{1} << 63;
  std::uint64_t minutes = 0;        // bits 0-59
  std::uint64_t hours = 0;          // bits 0-23
  std::uint64_t days_of_month = 0;  // bits 1-31
  std::uint64_t months = 0;         // bits 1-12 (JAN-DEC)
  std::uint64_t days_of_week = 0;   // bits 0-6 (SUN-SAT)
  // `@every <duration>`: the delay in seconds (robfig rounds down to whole seconds, minimum 1);
  // the bit fields are unused then.
  std::optional<std::int64_t> every_seconds;
  bool time_zone = false;  // written with a TZ= or CRON_TZ= prefix
};

struct CronParse {
  std::optional<CronSchedule> schedule;
  std::string error;  // robfig's error text when `schedule` is empty
};

// Five fields (minute hour day-of-month month day-of-week: `*`, `?`, lists, ranges, steps,
// JAN-DEC and SUN-SAT names in any case), the descriptors @yearly/@annually, @monthly, @weekly,
// @daily/@midnight, @hourly and `@every <Go duration>`, optionally after a "TZ=<zone> " or
// "CRON_TZ=<zone> " prefix (the zone is not loaded: the API server rejects such schedules
// separately).
CronParse parse_cron(std::string_view schedule);

// nullopt when the schedule parses, else robfig's error text.
std::optional<std::string> cron_schedule_error(std::string_view schedule);

}  // namespace jobwarden::k8s
