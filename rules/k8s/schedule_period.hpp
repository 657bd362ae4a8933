#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// The shortest time between two runs of a CronJob schedule, for rules that compare durations
// (ttlSecondsAfterFinished, activeDeadlineSeconds) with the schedule.
namespace jobwarden::k8s {

// Reads the schedule with the one cron parser (rules/k8s/cron.hpp), so it understands exactly
// the schedules cronjob-schedule-invalid accepts. Returns the minimum period in seconds over an
// eight-year window (`@every`: its delay), or nullopt when the schedule does not parse, has a TZ
// prefix, or runs fewer than twice in that window.
std::optional<std::int64_t> min_schedule_period_seconds(std::string_view schedule);

// "90s" -> "1m30s", 86400 -> "1d", 5400 -> "1h30m".
std::string human_duration(std::int64_t seconds);

}  // namespace jobwarden::k8s
