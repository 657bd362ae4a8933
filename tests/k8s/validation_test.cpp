#include <catch2/catch.hpp>

#include "rules/k8s/validation.hpp"

using namespace jobwarden::k8s;

TEST_CASE("field_path renders pointers the way the API server names fields", "[k8s][validation]") {
  CHECK(field_path("/spec/template/spec/containers/0/name") ==
        "spec.template.spec.containers[0].name");
  CHECK(field_path("/spec/jobTemplate/spec/podFailurePolicy/rules/12/onExitCodes/values/3") ==
        "spec.jobTemplate.spec.podFailurePolicy.rules[12].onExitCodes.values[3]");
  CHECK(field_path("") == "");
  CHECK(rejects("/spec/parallelism", invalid("-1", "must be greater than or equal to 0")) ==
        "the API server rejects this: spec.parallelism: Invalid value: -1: must be greater than "
        "or equal to 0");
  CHECK(unsupported("\"x\"", {"NonIndexed", "Indexed"}) ==
        "Unsupported value: \"x\": supported values: \"NonIndexed\", \"Indexed\"");
}

TEST_CASE("DNS-1123 labels, subdomains, qualified names, label values", "[k8s][validation]") {
  CHECK(dns1123_label_errors("main").empty());
  CHECK(dns1123_label_errors("2nd-worker").empty());
  CHECK(dns1123_label_errors(std::string(63, 'a')).empty());
  CHECK(dns1123_label_errors(std::string(64, 'a')) ==
        std::vector<std::string>{"must be no more than 63 characters"});
  CHECK(dns1123_label_errors("a.b") == std::vector<std::string>{"must not contain dots"});
  REQUIRE(dns1123_label_errors("Main").size() == 1);
  CHECK(dns1123_label_errors("Main")[0] ==
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
        "and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', "
        "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
  CHECK_FALSE(dns1123_label_errors("").empty());
  CHECK_FALSE(dns1123_label_errors("-a").empty());
  CHECK_FALSE(dns1123_label_errors("a-").empty());

  CHECK(dns1123_subdomain_errors("report.v2").empty());
  CHECK(dns1123_subdomain_errors("a").empty());
  CHECK(dns1123_subdomain_errors("a..b").size() == 1);
  CHECK(dns1123_subdomain_errors(".a").size() == 1);
  CHECK(dns1123_subdomain_errors("a_b").size() == 1);
  CHECK(dns1123_subdomain_errors(std::string(254, 'a')).size() == 1);

  CHECK(qualified_name_errors("DisruptionTarget").empty());
  CHECK(qualified_name_errors("example.com/My_Condition.v2").empty());
  CHECK(qualified_name_errors("/x") == std::vector<std::string>{"prefix part must be non-empty"});
  CHECK(qualified_name_errors("").size() == 2);  // non-empty + regex
  CHECK(qualified_name_errors("a/b/c").size() == 1);
  CHECK(qualified_name_errors("Example.com/x").size() == 1);

  CHECK(label_value_errors("").empty());
  CHECK(label_value_errors("my_value.1").empty());
  CHECK(label_value_errors("web server").size() == 1);
  CHECK(label_value_errors(std::string(64, 'a')).size() == 1);
}

TEST_CASE("domain-prefixed paths (managedBy)", "[k8s][validation]") {
  CHECK(domain_prefixed_path_errors("kueue.x-k8s.io/multikueue").empty());
  CHECK(domain_prefixed_path_errors("acme.io/a/b:c~d").empty());
  CHECK(domain_prefixed_path_errors("") == std::vector<std::string>{"Required value"});
  CHECK(domain_prefixed_path_errors("kueue") ==
        std::vector<std::string>{
            "Invalid value: \"kueue\": must be a domain-prefixed path (such as \"acme.io/foo\")"});
  CHECK(domain_prefixed_path_errors("acme.io/").size() == 1);
  CHECK(domain_prefixed_path_errors("/foo").size() == 1);
  CHECK(domain_prefixed_path_errors("Acme.io/foo").size() == 1);
  CHECK(domain_prefixed_path_errors("acme.io/foo bar") ==
        std::vector<std::string>{"Invalid value: \"foo bar\": Invalid path (regex used for "
                                 "validation is '[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+')"});
}

TEST_CASE("succeededIndexes intervals", "[k8s][validation]") {
  CHECK(parse_indexes("", 10).ok());
  CHECK(parse_indexes("", 10).total == 0);
  CHECK(parse_indexes("0,2-5,9", 10).total == 6);
  CHECK(parse_indexes("0-9", 10).total == 10);
  CHECK(parse_indexes("+3", 10).ok());  // strconv.Atoi accepts a sign
  CHECK(parse_indexes("10", 10).error == "too large index: \"10\"");
  CHECK(parse_indexes("0,1,x", 10).total == 0);  // 0 with an error, like the API server
  CHECK(parse_indexes("0-12", 10).error == "too large index: \"12\"");
  CHECK(parse_indexes("5-2", 10).error == "non-increasing order, previous: 5, current: 2");
  CHECK(parse_indexes("3-3", 10).error == "non-increasing order, previous: 3, current: 3");
  CHECK(parse_indexes("1,3,2", 10).error == "non-increasing order, previous: 3, current: 2");
  CHECK(parse_indexes("1-3,3", 10).error == "non-increasing order, previous: 3, current: 3");
  CHECK(parse_indexes("1-3-5", 10).error ==
        "the fragment \"1-3-5\" violates the requirement that an index interval can have at "
        "most two parts separated by '-'");
  CHECK(parse_indexes("a,2", 10).error == "cannot convert string to integer for index: \"a\"");
  CHECK(parse_indexes("1,", 10).error == "cannot convert string to integer for index: \"\"");
  CHECK(parse_indexes(" 1", 10).error == "cannot convert string to integer for index: \" 1\"");
  CHECK(parse_indexes("99999999999999999999", 10).error ==
        "cannot convert string to integer for index: \"99999999999999999999\"");
}

TEST_CASE("cron schedules as robfig/cron ParseStandard reads them", "[k8s][validation]") {
  for (const char* ok : {"* * * * *",        "*/5 * * * *",
                         "0 3 * * *",        "30 2 * * MON-FRI",
                         "0 0 1 jan,JUL ?",  "0,15,30,45 8-18/2 1-15 */3 0,6",
                         "5/15 * * * *",     "0 0 31 12 6",
                         "@yearly",          "@annually",
                         "@monthly",         "@weekly",
                         "@daily",           "@midnight",
                         "@hourly",          "@every 1h30m",
                         "@every 1.5h",      "@every 500ms",
                         "@every 0",         "0\t3  * * *",
                         "TZ=UTC 0 3 * * *", "CRON_TZ=Europe/Berlin @daily",
                         "1,,2 * * * *"}) {
    INFO(ok);
    CHECK_FALSE(cron_schedule_error(ok).has_value());
  }
  const auto error = [](const char* schedule) {
    return cron_schedule_error(schedule).value_or("");
  };
  CHECK(error("") == "empty spec string");
  CHECK(error("0 0 * * * *") == "expected exactly 5 fields, found 6: [0 0 * * * *]");
  CHECK(error("0 * * *") == "expected exactly 5 fields, found 4: [0 * * *]");
  CHECK(error("60 * * * *") == "end of range (60) above maximum (59): 60");
  CHECK(error("0 0 0 * *") == "beginning of range (0) below minimum (1): 0");
  CHECK(error("0 0 * * 7") == "end of range (7) above maximum (6): 7");
  CHECK(error("0 22-6 * * *") == "beginning of range (22) beyond end of range (6): 22-6");
  CHECK(error("*/0 * * * *") == "step of range should be a positive number: */0");
  CHECK(error("1-2-3 * * * *") == "too many hyphens: 1-2-3");
  CHECK(error("*/2/3 * * * *") == "too many slashes: */2/3");
  CHECK(error("0 0 1 JANUARY *") ==
        "failed to parse int from JANUARY: strconv.Atoi: parsing \"JANUARY\": invalid syntax");
  CHECK(error("MON * * * *") ==
        "failed to parse int from MON: strconv.Atoi: parsing \"MON\": invalid syntax");
  CHECK(error("*/-1 * * * *") == "negative number (-1) not allowed: -1");
  CHECK(error("@fortnightly") == "unrecognized descriptor: @fortnightly");
  CHECK(error("@daily ") == "unrecognized descriptor: @daily ");
  CHECK(error("@every 1d") ==
        "failed to parse duration @every 1d: time: unknown unit \"d\" in duration \"1d\"");
  CHECK(error("@every 5") ==
        "failed to parse duration @every 5: time: missing unit in duration \"5\"");
  CHECK(error("@every ") == "failed to parse duration @every : time: invalid duration \"\"");
  CHECK(error("TZ=UTC 0 0 3 * * *") == "expected exactly 5 fields, found 6: [0 0 3 * * *]");
}

TEST_CASE("Go durations", "[k8s][validation]") {
  for (const char* ok : {"0", "1h", "-1.5h", "+2m3s", "300ms", "1us", "1\xC2\xB5s", ".5s", "1.s"}) {
    INFO(ok);
    CHECK_FALSE(go_duration_error(ok).has_value());
  }
  CHECK(go_duration_error("") == "time: invalid duration \"\"");
  CHECK(go_duration_error("h") == "time: invalid duration \"h\"");
  CHECK(go_duration_error(".h") == "time: invalid duration \".h\"");
  CHECK(go_duration_error("1") == "time: missing unit in duration \"1\"");
  CHECK(go_duration_error("1w") == "time: unknown unit \"w\" in duration \"1w\"");
  CHECK(go_duration_error("9999999999h") == "time: invalid duration \"9999999999h\"");
}

TEST_CASE("CronJob timeZone syntax", "[k8s][validation]") {
  for (const char* ok : {"Europe/Berlin", "Etc/UTC", "UTC", "Etc/GMT+5",
                         "America/Argentina/Buenos_Aires", "Mars/Olympus_Mons"}) {
    INFO(ok);
    CHECK_FALSE(time_zone_error(ok).has_value());
  }
  CHECK(time_zone_error("") == "timeZone must be nil or non-empty string");
  CHECK(time_zone_error("Local") ==
        "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones");
  CHECK(time_zone_error("LOCAL").has_value());
  CHECK(time_zone_error("New York") == "unknown time zone New York");
  CHECK(time_zone_error("../etc/passwd") == "unknown time zone ../etc/passwd");
  CHECK(time_zone_error("Europe//Berlin") == "unknown time zone Europe//Berlin");
  CHECK(time_zone_error("Etc/-UTC") == "unknown time zone Etc/-UTC");
  CHECK(time_zone_error("America/Argentina_Buenos_Aires") ==
        "unknown time zone America/Argentina_Buenos_Aires");
}

TEST_CASE("as_integer accepts integral numbers only", "[k8s][validation]") {
  const nlohmann::json values = nlohmann::json::parse(R"([3, -2, 600.0, 1.5, "3", true, null])");
  CHECK(as_integer(&values[0]) == 3);
  CHECK(as_integer(&values[1]) == -2);
  CHECK(as_integer(&values[2]) == 600);
  CHECK_FALSE(as_integer(&values[3]).has_value());
  CHECK_FALSE(as_integer(&values[4]).has_value());
  CHECK_FALSE(as_integer(&values[5]).has_value());
  CHECK_FALSE(as_integer(&values[6]).has_value());
  CHECK_FALSE(as_integer(nullptr).has_value());
  CHECK(go_quote("a\"b\n") == "\"a\\\"b\\n\"");
}
