// The webhook server in operation: metrics and decision logs, certificate rotation, config
// reloads.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <atomic>
#include <string>
#include <thread>

#include "tests/webhook/server_harness.hpp"

// json, fs and the chrono literals come with the harness's namespace.
using namespace jobwarden::testing;

TEST_CASE("webhook: metrics and decision log lines", "[webhook][tls]") {
  Harness h;
  {
    TlsClient client(h.ca());
    REQUIRE(!client.connect(h.port()));
    call(client, "/validate", review("CREATE", bad_job()));
    call(client, "/validate", review("CREATE", good_job()));
    call(client, "/mutate", review("CREATE", bad_job()));
  }
  const std::string metrics = h.metrics();
  INFO(metrics);
  for (const char* line :
       {"jobwarden_admission_requests_total{endpoint=\"validate\",decision=\"deny\",code=\"200\"} "
        "1",
        "jobwarden_admission_requests_total{endpoint=\"validate\",decision=\"allow\",code=\"200\"} "
        "1",
        "jobwarden_admission_requests_total{endpoint=\"mutate\",decision=\"patch\",code=\"200\"} 1",
        "jobwarden_admission_request_duration_seconds_count{endpoint=\"validate\"} 2",
        "jobwarden_admission_request_duration_seconds_bucket{endpoint=\"validate\",le=\"+Inf\"} 2",
        "jobwarden_findings_total{rule=\"job-restart-policy-always\",severity=\"error\"} 1",
        "jobwarden_findings_total{rule=\"job-missing-ttl\",severity=\"warning\"} 1",
        "jobwarden_config_reload_failures_total 0", "jobwarden_certificate_reloads_total 0",
        "# TYPE jobwarden_admission_request_duration_seconds histogram"}) {
    CHECK(metrics.find(line) != std::string::npos);
  }
  h.server.reset();  // flushes and stops: the log is complete
  std::ifstream log(h.log_path);
  std::vector<json> lines;
  for (std::string line; std::getline(log, line);) lines.push_back(json::parse(line));
  REQUIRE(lines.size() >= 5);
  CHECK(lines.front()["msg"] == "starting");
  CHECK(lines.back()["msg"] == "stopped");
  json denied;
  for (const auto& line : lines) {
    if (line.value("msg", "") == "admission" && line.value("decision", "") == "deny") denied = line;
  }
  REQUIRE(denied.is_object());
  CHECK(denied["uid"] == "705ab4f5-6393-11e8-b7cc-42010a800002");
  CHECK(denied["operation"] == "CREATE");
  CHECK(denied["kind"] == "Job");
  CHECK(denied["namespace"] == "default");
  CHECK(denied["name"] == "pi");
  CHECK(denied["rules"] == json({"job-missing-ttl", "job-restart-policy-always"}));
  CHECK(denied["denied_by"] == json({"job-restart-policy-always"}));
  CHECK(denied["latency_ms"].is_number());
}

TEST_CASE("webhook: certificate rotation under continuous requests", "[webhook][tls]") {
  Harness h;
  make_serving_cert(h.dir, "tls2", "2002");
  std::atomic<bool> stop{false};
  std::atomic<int> ok{0};
  std::atomic<int> failed{0};
  std::mutex serials_mutex;
  std::vector<std::string> serials;  // per request, in order
  const std::string body = review("CREATE", good_job()).dump();
  std::thread hammer([&] {
    TlsClient client(h.ca());
    for (int i = 0; i < 20000 && !stop; ++i) {
      client.close();  // a new connection (and handshake) every time
      auto error = client.connect(h.port());
      std::string serial = client.peer_serial();
      auto response = error ? std::nullopt : client.post("/validate?timeout=10s", body);
      if (response && response->status == 200 && response->json()["response"]["allowed"] == true) {
        ++ok;
        std::lock_guard lock(serials_mutex);
        serials.push_back(serial);
      } else {
        ++failed;
      }
    }
  });
  auto count_serial = [&](const std::string& serial) {
    std::lock_guard lock(serials_mutex);
    return std::count(serials.begin(), serials.end(), serial);
  };
  CHECK(eventually([&] { return ok.load() >= 20; }));
  h.secret.publish(h.dir + "/tls2.crt", h.dir + "/tls2.key");  // kubelet-style symlink swap
  CHECK(eventually([&] { return count_serial("2002") >= 20; }));
  // A broken new pair (key of another certificate) is refused; the current one stays.
  h.secret.publish(h.dir + "/tls1.crt", h.dir + "/tls2.key");
  CHECK(eventually([&] {
    return h.metrics().find("jobwarden_certificate_reload_failures_total 1") != std::string::npos;
  }));
  const int before = ok.load();
  CHECK(eventually([&] { return ok.load() >= before + 20; }));
  stop = true;
  hammer.join();
  CHECK(failed.load() == 0);
  CHECK(ok.load() > 60);
  {
    std::lock_guard lock(serials_mutex);
    REQUIRE(!serials.empty());
    CHECK(serials.front() == "1001");
    CHECK(serials.back() == "2002");
    // Once the new certificate was served, the old one never came back.
    auto first_new = std::find(serials.begin(), serials.end(), "2002");
    CHECK(std::find(first_new, serials.end(), "1001") == serials.end());
  }
  CHECK(h.server->tls().serial_hex() == "2002");
  CHECK(h.metrics().find("jobwarden_certificate_reloads_total 1") != std::string::npos);
}

TEST_CASE("webhook: config hot reload keeps the last good config", "[webhook][tls]") {
  Harness h("webhook:\n  mode: enforce\n");
  TlsClient client(h.ca());
  REQUIRE(!client.connect(h.port()));
  auto decision = [&] {
    return call(client, "/validate", review("CREATE", bad_job()))["response"]["allowed"];
  };
  CHECK(decision() == false);

  h.replace_config("webhook:\n  mode: enforce\n  bogus: 1\n");  // unknown key: invalid
  CHECK(eventually([&] {
    return h.metrics().find("jobwarden_config_reload_failures_total 1") != std::string::npos;
  }));
  CHECK(decision() == false);  // still the old config
  CHECK(h.server->policy()->config.webhook.mode == jobwarden::core::WebhookMode::enforce);

  h.replace_config("webhook:\n  mode: warn\n");
  CHECK(eventually(
      [&] { return h.metrics().find("jobwarden_config_reloads_total 1") != std::string::npos; }));
  CHECK(decision() == true);
  json response = call(client, "/validate", review("CREATE", bad_job()));
  CHECK(response["response"]["warnings"] == json({kTtlWarning, kRestartWarning}));
}
