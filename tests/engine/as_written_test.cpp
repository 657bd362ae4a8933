// Rules with RuleInfo::as_written (job-unknown-field) run before the engine's defaulting, on the
// object as parsed; their findings still come in the rules' order and obey suppression.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "rules/core/loader.hpp"
#include "rules/core/registry.hpp"
#include "rules/engine/engine.hpp"
#include "tests/support/configs.hpp"

using namespace jobwarden::core;
using jobwarden::testing::only_rules;

namespace {

// "<line> <rule-id>" of every finding, in the engine's order.
std::vector<std::string> findings_of(const Config& config, const std::string& text) {
  Engine engine(config);
  Report report;
  engine.check_file(source_from_text("w.yaml", text), report);
  REQUIRE(report.errors.empty());
  std::vector<std::string> out;
  for (const Finding& finding : report.findings) {
    out.push_back(std::to_string(finding.pos.line) + " " + finding.rule_id);
  }
  return out;
}

// A work-queue Job (parallelism, no completions) without ttl, backoffLimit or podFailurePolicy,
// with a misspelt field on line 7 (`spec:` is line 5).
std::string job(const std::string& annotations = "") {
  return "apiVersion: batch/v1\n"
         "kind: Job\n"
         "metadata:\n"
         "  name: queue\n" +
         annotations +
         "spec:\n"
         "  parallelism: 3\n"
         "  paralelism: 3\n"
         "  template:\n"
         "    spec:\n"
         "      restartPolicy: Never\n"
         "      containers: [{name: worker, image: worker:1.0, imagePullPolicy: Always}]\n";
}

const Config& four_rules() {
  static const Config config =
      only_rules({"job-missing-backoff-limit", "job-missing-ttl", "job-unknown-field",
                  "job-work-queue-without-failure-policy"});
  return config;
}

}  // namespace

TEST_CASE("as-written rules: job-unknown-field is one, and the only one") {
  std::vector<std::string> as_written;
  for (const Rule& rule : Registry::instance().rules()) {
    if (rule.info.as_written) as_written.push_back(rule.info.id);
  }
  CHECK(as_written == std::vector<std::string>{"job-unknown-field"});
}

TEST_CASE("as-written rules: their findings keep their place in rule order") {
  // job-unknown-field runs first but reports between the rules before and after its id.
  CHECK(findings_of(four_rules(), job()) ==
        std::vector<std::string>{"5 job-missing-backoff-limit", "5 job-missing-ttl",
                                 "7 job-unknown-field", "6 job-work-queue-without-failure-policy"});
}

TEST_CASE("as-written rules: the ignore annotation and pragmas suppress them as any rule") {
  CHECK(
      findings_of(four_rules(),
                  job("  annotations:\n    ignore.jobwarden.io/job-unknown-field: typo kept\n")) ==
      std::vector<std::string>{"7 job-missing-backoff-limit", "7 job-missing-ttl",
                               "8 job-work-queue-without-failure-policy"});
  std::string text = job();
  text.replace(text.find("  paralelism: 3\n"), 16,
               "  paralelism: 3 # jobwarden:ignore job-unknown-field\n");
  CHECK(findings_of(four_rules(), text) ==
        std::vector<std::string>{"5 job-missing-backoff-limit", "5 job-missing-ttl",
                                 "6 job-work-queue-without-failure-policy"});
}

TEST_CASE("as-written rules: a disabled one does not run") {
  Config config = four_rules();
  config.rules["job-unknown-field"].enabled = false;
  CHECK(findings_of(config, job()) ==
        std::vector<std::string>{"5 job-missing-backoff-limit", "5 job-missing-ttl",
                                 "6 job-work-queue-without-failure-policy"});
}
