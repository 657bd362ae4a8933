// The chart's values: what values.schema.json refuses (with helm's message naming the value),
// and the `jobwarden serve` flags values become.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

#include "tests/charts/chart_support.hpp"
#include "tests/support/scratch.hpp"

using nlohmann::json;

using jobwarden::testing::run_command;
using jobwarden::testing::chart::at;
using jobwarden::testing::chart::kChart;
using jobwarden::testing::chart::render;
using jobwarden::testing::chart::require_helm;

TEST_CASE("chart: serve's flags come from values", "[chart]") {
  require_helm();
  const auto args_of = [](const std::string& flags) {
    return at(render(flags)["Deployment/rel-jobwarden"], "/spec/template/spec/containers/0/args");
  };
  const json common = {"serve",
                       "--tls-cert=/etc/jobwarden/tls/tls.crt",
                       "--tls-key=/etc/jobwarden/tls/tls.key",
                       "--config=/etc/jobwarden/config/jobwarden.yaml",
                       "--addr=0.0.0.0:8443",
                       "--metrics-addr=0.0.0.0:9090",
                       "--reload-interval=1s"};
  json defaults = common;
  for (const char* arg : {"--shutdown-delay=5s", "--shutdown-grace=25s", "--log-level=info"}) {
    defaults.push_back(arg);
  }
  CHECK(args_of("") == defaults);
  json custom = common;
  for (const char* arg : {"--shutdown-delay=0s", "--shutdown-grace=10s", "--log-level=debug",
                          "--threads=4", "--max-connections=2000", "--idle-timeout=30s"}) {
    custom.push_back(arg);
  }
  CHECK(args_of("--set shutdownDelay=0s --set shutdownGrace=10s --set logLevel=debug "
                "--set threads=4 --set-json "
                "'extraArgs=[\"--max-connections=2000\",\"--idle-timeout=30s\"]'") == custom);
  // The chart's args are ones `jobwarden serve` accepts.
  std::string output;
  CHECK(run_command(std::string(JOBWARDEN_BINARY) +
                        " serve --threads=4 --log-level=debug --shutdown-delay=0s "
                        "--max-connections=2000 --idle-timeout=30s 2>&1",
                    &output) == 2);
  CHECK(output.rfind("jobwarden serve: --tls-cert is required\n", 0) == 0);  // nothing else
}

TEST_CASE("chart: values.schema.json rejects wrong values with a message naming the value",
          "[chart]") {
  require_helm();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"--set webhook.timeoutSeconds=31",
       "- at '/webhook/timeoutSeconds': maximum: got 31, want 30"},
      {"--set webhook.timeoutSeconds=0", "- at '/webhook/timeoutSeconds': minimum: got 0, want 1"},
      {"--set webhook.failurePolicy=Maybe",
       "- at '/webhook/failurePolicy': value must be one of 'Fail', 'Ignore'"},
      {"--set config.webhook.mode=block",
       "- at '/config/webhook/mode': value must be one of 'enforce', 'warn', 'audit'"},
      {"--set config.webhook.denySeverity=fatal",
       "- at '/config/webhook/denySeverity': value must be one of 'info', 'warning', 'error'"},
      {"--set replicaCount=two", "- at '/replicaCount': got string, want integer"},
      {"--set replicaCount=0", "- at '/replicaCount': minimum: got 0, want 1"},
      {"--set webhook.tymeout=3", "- at '/webhook': additional properties 'tymeout' not allowed"},
      {"--set topologySpread.whenUnsatisfiable=Never",
       "- at '/topologySpread/whenUnsatisfiable': value must be one of 'ScheduleAnyway', "
       "'DoNotSchedule'"},
      {"--set image.pullPolicy=Sometimes",
       "- at '/image/pullPolicy': value must be one of 'Always', 'IfNotPresent', 'Never'"},
      {"--set autoscaling.enabled=yes", "- at '/autoscaling/enabled': got string, want boolean"},
      {"--set reloadInterval=1h",
       "- at '/reloadInterval': '1h' does not match pattern '^[0-9]+(\\\\.[0-9]+)?(ms|s|m)$'"},
      {"--set shutdownDelay=5h",
       "- at '/shutdownDelay': '5h' does not match pattern '^[0-9]+(\\\\.[0-9]+)?(ms|s|m)$'"},
      {"--set logLevel=verbose",
       "- at '/logLevel': value must be one of 'debug', 'info', 'warning', 'error'"},
      {"--set threads=-1", "- at '/threads': minimum: got -1, want 0"},
      {"--set-json 'extraArgs=[\"max-connections=5\"]'",
       "- at '/extraArgs/0': 'max-connections=5' does not match pattern '^--'"},
      {"--set-json 'webhook.matchConditions=[{\"name\":\"x\"}]'",
       "- at '/webhook/matchConditions/0': missing property 'expression'"},
  };
  for (const auto& [flags, message] : cases) {
    std::string output;
    const int status = run_command("helm template rel '" + kChart + "' " + flags, &output);
    INFO(flags << "\n" << output);
    CHECK(status == 1);
    CHECK(output.find("Error: values don't meet the specifications of the schema(s) in the "
                      "following chart(s):\njobwarden:\n") != std::string::npos);
    CHECK(output.find(message + "\n") != std::string::npos);
    // helm install validates the same schema before it contacts a cluster.
    CHECK(run_command("helm install rel '" + kChart + "' --dry-run=client " + flags, &output) == 1);
    CHECK(output.find(message + "\n") != std::string::npos);
  }
}
