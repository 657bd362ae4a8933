#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// The shortest time between two runs of a CronJob schedule, for rules that compare durations
// (ttlSecondsAfterFinished, activeDeadlineSeconds) with the schedule.
namespace jobwarden::k8s {

// Accepts what robfig/cron ParseStandard accepts and the API server admits: five fields
// (minute hour day-of-month month day-of-week; `*`, `?`, lists, ranges, steps, JAN-DEC and
// SUN-SAT names; day-of-month and day-of-week combined with OR when both are restricted) and
// the descriptors @yearly/@annually, @monthly, @weekly, @daily/@midnight, @hourly and
// `@every <duration>` (h, m, s units). Returns the minimum period in seconds over an eight-year
// window, or nullopt when the schedule is not understood, has a TZ prefix, or runs fewer than
// twice in that window.
std::optional<std::int64_t> min_schedule_period_seconds(std::string_view schedule);

// "90s" -> "1m30s", 86400 -> "1d", 5400 -> "1h30m".
std::string human_duration(std::int64_t seconds);

}  // namespace jobwarden::k8s
