// The webhook process under connections that never finish anything: raw TCP without a TLS
// handshake, idle keep-alive TLS connections, slowloris clients. A fresh client must still be
// answered at once, and the held connections must be dropped by their deadlines.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/scratch.hpp"
#include "tests/webhook/serve_process.hpp"
#include "tests/webhook/tls_support.hpp"
#include "tests/webhook/webhook_fixtures.hpp"

using namespace jobwarden::testing;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

double millis_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// The value of an unlabelled sample in a Prometheus text page (-1 when absent).
double metric(const std::string& page, const std::string& name) {
  const std::string prefix = "\n" + name + " ";
  const std::size_t at = page.find(prefix);
  if (at == std::string::npos) return -1;
  return std::stod(page.substr(at + prefix.size()));
}

// True when the peer closed `fd` (EOF or reset) within `limit`. Bytes before the end (a TLS
// close_notify alert) are read and dropped.
bool closed_by_peer(int fd, std::chrono::milliseconds limit) {
  const auto deadline = Clock::now() + limit;
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    pollfd entry{fd, POLLIN, 0};
    if (::poll(&entry, 1, static_cast<int>(std::max<long>(0, left.count()))) <= 0) return false;
    char buffer[512];
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
    if (n <= 0) return true;
  }
}

// Opens `count` TLS connections to `server` into `held`; each POSTs `body` to /validate first
// (answered 200) unless `body` is empty, then stays open.
void open_connections(const ServeProcess& server, int count, const std::string& body,
                      std::vector<std::unique_ptr<TlsClient>>& held) {
  for (int i = 0; i < count; ++i) {
    auto client = std::make_unique<TlsClient>(server.ca());
    REQUIRE(!client->connect(server.port()));
    if (!body.empty()) {
      const auto response = client->post("/validate", body);
      REQUIRE(response);
      REQUIRE(response->status == 200);
    }
    held.push_back(std::move(client));
  }
}

struct Held {
  std::vector<int> raw;
  std::vector<std::unique_ptr<TlsClient>> idle;
  std::vector<std::unique_ptr<TlsClient>> slow;
  std::vector<int> metrics_slow;
  ~Held() {
    for (int fd : raw) ::close(fd);
    for (int fd : metrics_slow) ::close(fd);
  }
};

}  // namespace

TEST_CASE(
    "serve: 1,000 raw TCP + 200 idle TLS + 100 slowloris held, fresh calls answered <= 100 ms",
    "[webhook][process][connections]") {
  raise_open_files();
  TempDir temp;
  // Deadlines long enough for the test to open everything on a loaded machine, short enough to
  // watch them drop the held connections.
  ServeProcess server(temp.path().string(), {"--tls-handshake-timeout=15s",
                                             "--read-header-timeout=15s", "--idle-timeout=15s"});
  REQUIRE(server.started());
  const std::string ca = server.ca();
  Held held;
  const auto setup_start = Clock::now();

  // 200 TLS connections that made one request each and stay open, idle.
  for (int i = 0; i < 200; ++i) {
    auto client = std::make_unique<TlsClient>(ca);
    REQUIRE(!client->connect(server.port()));
    auto response = client->request("GET", "/healthz", "", "");
    REQUIRE(response);
    REQUIRE(response->status == 200);
    held.idle.push_back(std::move(client));
  }
  // 100 slowloris clients: TLS done, a request head that is never finished.
  for (int i = 0; i < 100; ++i) {
    auto client = std::make_unique<TlsClient>(ca);
    REQUIRE(!client->connect(server.port()));
    REQUIRE(client->send_raw("POST /validate HTTP/1.1\r\nHost: jobwarden.jobwarden.svc\r\nX-A: "));
    held.slow.push_back(std::move(client));
  }
  // 1,000 TCP connections that never start a handshake.
  for (int i = 0; i < 1000; ++i) {
    const int fd = tcp_connect(server.port());
    REQUIRE(fd >= 0);
    held.raw.push_back(fd);
  }
  // 20 slowloris clients on the plain metrics port too.
  for (int i = 0; i < 20; ++i) {
    const int fd = tcp_connect(server.metrics_port());
    REQUIRE(fd >= 0);
    REQUIRE(::send(fd, "GET /metrics HTTP/1.1\r\nHost: x\r\n", 33, MSG_NOSIGNAL) == 33);
    held.metrics_slow.push_back(fd);
  }
  const double setup_seconds = millis_since(setup_start) / 1000;
  REQUIRE(setup_seconds < 12);  // else the deadlines would fire during the measurements
  // Every held connection is open at the server. The gauge is sampled by each loop every 50 ms,
  // and a loop still busy with the last accepts samples late: read it until it shows them all.
  auto page = http_get(server.metrics_port(), "/metrics");
  for (int read = 0; read < 40 && page && metric(page->body, "jobwarden_connections_open") < 1290;
       ++read) {
    std::this_thread::sleep_for(50ms);
    page = http_get(server.metrics_port(), "/metrics");
  }
  REQUIRE(page);
  INFO(page->body);
  CHECK(metric(page->body, "jobwarden_connections_open") >= 1300 - 10);

  const std::string body = review("CREATE", good_job()).dump();
  double worst_validate = 0, worst_healthz = 0, worst_metrics = 0;
  for (int attempt = 0; attempt < 50; ++attempt) {
    {
      const auto start = Clock::now();
      TlsClient fresh(ca);
      REQUIRE(!fresh.connect(server.port()));
      auto response = fresh.post("/validate?timeout=10s", body);
      const double ms = millis_since(start);
      REQUIRE(response);
      CHECK(response->status == 200);
      CHECK(response->json()["response"]["allowed"] == true);
      worst_validate = std::max(worst_validate, ms);
      CHECK(ms <= 100.0);
    }
    {
      const auto start = Clock::now();
      TlsClient fresh(ca);
      REQUIRE(!fresh.connect(server.port()));
      auto response = fresh.request("GET", "/healthz", "", "");
      const double ms = millis_since(start);
      REQUIRE(response);
      CHECK(response->status == 200);
      worst_healthz = std::max(worst_healthz, ms);
      CHECK(ms <= 100.0);
    }
    {
      const auto start = Clock::now();
      auto response = http_get(server.metrics_port(), "/metrics");
      const double ms = millis_since(start);
      REQUIRE(response);
      CHECK(response->status == 200);
      worst_metrics = std::max(worst_metrics, ms);
      CHECK(ms <= 100.0);
    }
  }
  WARN("worst of 50: POST /validate " << worst_validate << " ms, /healthz " << worst_healthz
                                      << " ms, /metrics " << worst_metrics << " ms");

  // The deadlines (15 s each here; 5 s on the metrics port) drop every held connection.
  for (int fd : held.raw) CHECK(closed_by_peer(fd, 20s));
  for (auto& client : held.idle) CHECK(closed_by_peer(client->fd(), 20s));
  for (auto& client : held.slow) CHECK(closed_by_peer(client->fd(), 20s));
  for (int fd : held.metrics_slow) CHECK(closed_by_peer(fd, 20s));
  page = http_get(server.metrics_port(), "/metrics");
  REQUIRE(page);
  INFO(page->body);
  CHECK(page->body.find("jobwarden_connections_timed_out_total{phase=\"handshake\"} 1000") !=
        std::string::npos);
  CHECK(page->body.find("jobwarden_connections_timed_out_total{phase=\"header\"} 100") !=
        std::string::npos);
  // The fresh clients closed their own connections: not timeouts.
  CHECK(page->body.find("jobwarden_connections_timed_out_total{phase=\"idle\"} 200") !=
        std::string::npos);
  CHECK(metric(page->body, "jobwarden_connections_evicted_total") == 0);
}

TEST_CASE("serve: at --max-connections the oldest idle connection is evicted for a new one",
          "[webhook][process][connections]") {
  TempDir temp;
  ServeProcess server(temp.path().string(), {"--max-connections=20"});
  REQUIRE(server.started());
  std::vector<std::unique_ptr<TlsClient>> idle;
  for (int i = 0; i < 20; ++i) {
    auto client = std::make_unique<TlsClient>(server.ca());
    REQUIRE(!client->connect(server.port()));
    REQUIRE(client->request("GET", "/healthz", "", ""));
    idle.push_back(std::move(client));
    std::this_thread::sleep_for(5ms);  // distinct ages
  }
  std::vector<int> raw;
  for (int i = 0; i < 5; ++i) raw.push_back(tcp_connect(server.port()));
  TlsClient fresh(server.ca());
  REQUIRE(!fresh.connect(server.port()));
  // The six oldest idle connections made room (never the younger half-open ones); the rest are
  // open.
  for (int i = 0; i < 6; ++i) CHECK(closed_by_peer(idle[i]->fd(), 2s));
  // (idle[6] too when the start-up probe's connection still counted at the server.)
  for (int i = 7; i < 20; ++i) CHECK(!closed_by_peer(idle[i]->fd(), 0ms));
  auto response = fresh.post("/validate", review("CREATE", good_job()).dump());
  REQUIRE(response);
  CHECK(response->status == 200);
  auto page = http_get(server.metrics_port(), "/metrics");
  REQUIRE(page);
  // 6, or 7 when the start-up probe's connection was still open at the server.
  CHECK(metric(page->body, "jobwarden_connections_evicted_total") >= 6);
  CHECK(metric(page->body, "jobwarden_connections_evicted_total") <= 7);
  for (int fd : raw) ::close(fd);
}

TEST_CASE(
    "serve: pipelined requests on one connection, small (answered by the loop) and large (by a "
    "worker), are answered in order",
    "[webhook][process][connections]") {
  TempDir temp;
  ServeProcess server(temp.path().string());
  REQUIRE(server.started());
  TlsClient client(server.ca());
  REQUIRE(!client.connect(server.port()));
  auto post = [](const std::string& uid, std::size_t padding) {
    json job = good_job();
    if (padding > 0)
      job["metadata"]["annotations"]["example.com/padding"] = std::string(padding, 'p');
    json body = review("CREATE", job);
    body["request"]["uid"] = uid;
    const std::string text = body.dump();
    return "POST /validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
           "Content-Length: " +
           std::to_string(text.size()) + "\r\n\r\n" + text;
  };
  std::string requests;
  std::vector<std::string> expected;  // uid, or "" for /healthz
  for (int i = 0; i < 12; ++i) {
    const std::string uid = "uid-" + std::to_string(i);
    requests += post(uid, i % 3 == 1 ? 40 * 1024 : 0);  // over 16 KiB: a worker answers
    expected.push_back(uid);
    if (i % 4 == 0) {
      requests += "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
      expected.push_back("");
    }
  }
  REQUIRE(client.send_raw(requests));
  for (const auto& uid : expected) {
    auto response = client.read_response();
    INFO(uid);
    REQUIRE(response);
    CHECK(response->status == 200);
    if (uid.empty()) {
      CHECK(response->body == "ok\n");
    } else {
      CHECK(response->json()["response"]["uid"] == uid);
      CHECK(response->json()["response"]["allowed"] == true);
    }
  }
  // Still usable afterwards.
  auto after = client.request("GET", "/healthz", "", "");
  REQUIRE(after);
  CHECK(after->body == "ok\n");
}

TEST_CASE(
    "serve: idle keep-alive connections give their TLS buffers back, so the next connections "
    "reuse that memory",
    "[webhook][process][connections]") {
  // Each connection that has made a request holds two 16 KiB record buffers until it has been
  // idle for a second. 300 such connections, idle, then 300 more: the second 300 must fit in
  // what the first gave back, not add their buffers on top.
  constexpr int kEach = 300;
  TempDir temp;
  ServeProcess server(temp.path().string());
  REQUIRE(server.started());
  // A 14 KB review fills the read buffer (pages of it that a small request leaves untouched
  // are not resident either way).
  json job = good_job();
  job["metadata"]["annotations"]["example.com/padding"] = std::string(14 * 1024, 'p');
  const std::string body = review("CREATE", job).dump();
  std::vector<std::unique_ptr<TlsClient>> held;
  open_connections(server, kEach, body, held);
  std::this_thread::sleep_for(1500ms);  // past the second, and a scan of the loops
  const std::size_t before = server.peak_rss_kib();
  open_connections(server, kEach, body, held);
  const std::size_t after = server.peak_rss_kib();
  WARN("peak RSS after the first " << kEach << " connections " << before << " KiB, after "
                                   << 2 * kEach << ": " << after << " KiB");
  REQUIRE(before > 0);
  // Measured here: 17 KiB more per connection when both are given back, 32 KiB when only the
  // TLS buffers are, 57 KiB when neither is. AddressSanitizer keeps freed memory in quarantine,
  // so only the Release build shows the reuse.
  if (!kSanitized) CHECK(after - before < kEach * 24);
  // The connections still work after their buffers were released.
  for (int i = 0; i < 5; ++i) {
    const auto response = held[static_cast<std::size_t>(i)]->request("GET", "/healthz", "", "");
    REQUIRE(response);
    CHECK(response->status == 200);
  }
}

TEST_CASE(
    "serve: connections that send nothing after their handshake hold no TLS buffers, even "
    "within their first idle second",
    "[webhook][process][connections]") {
  // A pool warming up or a burst of idle clients: 300 handshakes, nothing sent. Each would hold
  // its handshake's two 16 KiB buffers until the one-second scan; they are given back at the
  // first empty read instead, so the burst costs the sessions only.
  constexpr int kConnections = 300;
  TempDir temp;
  ServeProcess server(temp.path().string());
  REQUIRE(server.started());
  const std::size_t before = server.peak_rss_kib();
  std::vector<std::unique_ptr<TlsClient>> held;
  open_connections(server, kConnections, "", held);  // handshakes only
  const std::size_t after = server.peak_rss_kib();
  WARN("peak RSS before " << before << " KiB, after " << kConnections << " handshakes: " << after
                          << " KiB");
  REQUIRE(before > 0);
  // Measured here: about 15 KiB per connection, 24 KiB when the buffers wait for the scan.
  if (!kSanitized) CHECK(after - before < kConnections * 20);
  // They still work.
  const auto response = held.back()->request("GET", "/healthz", "", "");
  REQUIRE(response);
  CHECK(response->status == 200);
}
