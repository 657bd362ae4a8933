// One cron parser (robfig/cron/v3 ParseStandard, what the API server admits) behind both the
// schedule validation and the schedule period.
#include "rules/k8s/cron.hpp"

#include <catch2/catch.hpp>

#include "rules/k8s/schedule_period.hpp"
#include "rules/k8s/validation.hpp"

using jobwarden::k8s::cron_schedule_error;
using jobwarden::k8s::min_schedule_period_seconds;

// The old period parser had its own grammar: it refused Go durations with fractions or ms
// units after @every, empty list items, names in lists with them, `*`/`?` ranges, and accepted
// descriptors in upper case, which robfig (and so the API server) refuses.
TEST_CASE("cron: the period understands exactly the schedules validation accepts", "[k8s][cron]") {
  const char* const kSchedules[] = {
      "@every 1.5h",   "@every 500ms",      "@every 1h30m0.5s", "@every 90s",
      "0,,30 * * * *", "0 12 * * sat,,SUN", "0 0 * jan,,JUL *", "*-5 * * * *",
      "0 0 ?-3 * *",   "@HOURLY",           "@Daily",           "0 0 * * 7",
      "*/0 * * * *",   "0 0 1 1 *",         "0 9 * * MON-FRI",
  };
  for (const char* schedule : kSchedules) {
    INFO(schedule);
    CHECK(cron_schedule_error(schedule).has_value() ==
          !min_schedule_period_seconds(schedule).has_value());
  }
}

TEST_CASE("cron: @every takes any Go duration, rounded down to whole seconds, at least 1s",
          "[k8s][cron]") {
  CHECK(min_schedule_period_seconds("@every 1.5h") == 5400);
  CHECK(min_schedule_period_seconds("@every 1h30m0.5s") == 5400);
  CHECK(min_schedule_period_seconds("@every 500ms") == 1);
  CHECK(min_schedule_period_seconds("@every 2m0.9s") == 120);
  CHECK_FALSE(min_schedule_period_seconds("@every 1w").has_value());
  CHECK_FALSE(min_schedule_period_seconds("@every").has_value());
}

TEST_CASE("cron: month and day names, empty list items and `?` as robfig reads them",
          "[k8s][cron]") {
  CHECK(min_schedule_period_seconds("0 12 * * sat,,SUN") == 86400);       // Saturday -> Sunday
  CHECK(min_schedule_period_seconds("0 0 1 jan,,JUL *") == 181 * 86400);  // Jul 1 -> Jan 1
  CHECK(min_schedule_period_seconds("0,,30 * * * *") == 1800);
  CHECK(min_schedule_period_seconds("0 0 ?-3 * ?") == 86400);       // `?-3` is `?`: every day
  CHECK_FALSE(min_schedule_period_seconds("@HOURLY").has_value());  // descriptors are exact
  CHECK(cron_schedule_error("@HOURLY") == "unrecognized descriptor: @HOURLY");
}
