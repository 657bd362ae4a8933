// Bounds on one request's work and output, and the log sink that never blocks a request.

#include <catch2/catch.hpp>

#include <chrono>
#include <sstream>
#include <streambuf>
#include <string>
#include <thread>
#include <vector>

#include "webhook/handler.hpp"
#include "webhook/json_shape.hpp"
#include "webhook/log_sink.hpp"

using namespace jobwarden;
using namespace std::chrono_literals;

TEST_CASE("cap_findings keeps the 99 most severe and says how many more", "[webhook][caps]") {
  std::vector<core::Finding> findings(150);
  for (std::size_t i = 0; i < findings.size(); ++i) {
    findings[i].rule_id = "rule-" + std::to_string(i);
    findings[i].severity = i == 149 ? core::Severity::error : core::Severity::warning;
  }
  webhook::cap_findings(findings);
  REQUIRE(findings.size() == webhook::kMaxFindingsPerObject);
  CHECK(findings.front().rule_id == "rule-149");  // the only error comes first
  CHECK(findings[1].rule_id == "rule-0");         // then in order
  CHECK(findings.back().rule_id == webhook::kTruncatedFindingsId);
  CHECK(findings.back().message == "\xE2\x80\xA6 51 more findings not shown");
  CHECK(findings.back().severity == core::Severity::info);
}

namespace {
webhook::JsonShapeLimits small_limits() {
  webhook::JsonShapeLimits limits;
  limits.max_depth = 3;
  limits.max_array_elements = 3;
  limits.max_values = 10;
  return limits;
}
}  // namespace

TEST_CASE("check_json_shape: depth, array length and value count with byte offsets",
          "[webhook][caps]") {
  const webhook::JsonShapeLimits limits = small_limits();
  CHECK(!webhook::check_json_shape(R"({"a":[1,2,3],"s":"[[[[,,,,"})", limits));
  CHECK(webhook::check_json_shape("[[[[1]]]]", limits) == "JSON nesting is deeper than 3 levels");
  CHECK(webhook::check_json_shape("[1,2,3,4]", limits) ==
        "JSON array at byte 6 has more than 3 elements");
  CHECK(webhook::check_json_shape(
            R"({"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9,"j":1,"k":2})", limits) ==
        "JSON document at byte 60 has more than 10 values");
}

TEST_CASE("parse_json_within: the parse refuses what check_json_shape refuses, at the same limits",
          "[webhook][caps]") {
  const webhook::JsonShapeLimits limits = small_limits();
  // At and just past each limit: nesting, array length, values (keys, elements and containers
  // count, a container in an array twice, as check_json_shape counts them).
  const std::vector<std::string> documents = {
      R"({"a":[1,2,3],"s":"[[[[,,,,"})",
      "[[[1]]]",
      "[[[[1]]]]",
      "[1,2,3]",
      "[1,2,3,4]",
      "[[],[],[]]",
      R"({"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9,"j":1})",
      R"({"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9,"j":1,"k":2})",
      R"({"a":{"b":{}},"c":[1,[2]],"d":{"e":1,"f":2}})",
      R"({"a":{"b":{}},"c":[1,[2]],"d":{"e":1,"f":2,"g":3}})",
      R"([{"a":1},{"b":2},{"c":[]}])",
      R"([{"a":1},{"b":2},{"c":[1]}])",
      R"("top-level scalar")",
  };
  for (const auto& text : documents) {
    INFO(text);
    nlohmann::json parsed;
    const auto reason = webhook::parse_json_within(text, limits, parsed);
    CHECK(reason == webhook::check_json_shape(text, limits));
    if (!reason) CHECK(parsed == nlohmann::json::parse(text));
  }
  nlohmann::json parsed;
  CHECK(webhook::parse_json_within("[1,2,3,4]", limits, parsed) ==
        "JSON array at byte 6 has more than 3 elements");
  CHECK(parsed.is_null());
  // Syntax errors are the parser's, as from json::parse.
  CHECK_THROWS_AS(webhook::parse_json_within(R"({"a":1,})", limits, parsed),
                  nlohmann::json::parse_error);
  CHECK_THROWS_AS(webhook::parse_json_within("[1] 2", limits, parsed), nlohmann::json::parse_error);
}

TEST_CASE("excerpt_at quotes at most 40 sanitised characters", "[webhook][caps]") {
  const std::string text = std::string(1000, 'a') + "\x01secret" + std::string(1000, 'b');
  const std::string excerpt = webhook::excerpt_at(text, 1000);
  CHECK(excerpt.size() <= 48);
  CHECK(excerpt.find('\x01') == std::string::npos);
}

namespace {

// A sink that takes 100 ms per write, like a blocked pipe.
class SlowBuffer : public std::stringbuf {
 protected:
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    std::this_thread::sleep_for(100ms);
    return std::stringbuf::xsputn(s, n);
  }
};

}  // namespace

TEST_CASE("LogSink: a slow sink never blocks the writer, overflow is dropped and counted",
          "[webhook][caps]") {
  SlowBuffer buffer;
  std::ostream stream(&buffer);
  {
    webhook::LogSink sink(&stream, 1000);
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 500; ++i) sink.write("{\"n\":" + std::to_string(i) + "}");
    const auto took = std::chrono::steady_clock::now() - start;
    CHECK(took < 50ms);  // 500 lines at 100 ms each would be 50 s if written inline
    CHECK(sink.dropped() > 0);
    sink.flush(5s);
  }
  CHECK(buffer.str().find("{\"n\":0}\n") == 0);
  CHECK(buffer.str().find("log lines dropped") != std::string::npos);
}

TEST_CASE("LogSampler admits per_second lines per second and counts the rest", "[webhook][caps]") {
  webhook::LogSampler sampler(3);
  std::uint64_t suppressed = 0;
  int admitted = 0;
  for (int i = 0; i < 10; ++i) admitted += sampler.admit(suppressed) ? 1 : 0;
  CHECK(admitted == 3);
  std::this_thread::sleep_for(1100ms);
  CHECK(sampler.admit(suppressed));
  CHECK(suppressed == 7);
}
