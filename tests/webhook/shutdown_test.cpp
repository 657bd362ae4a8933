// Shutdown as Go's http.Server.Shutdown does it, and start-up failures, on the real process.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <signal.h>
#include <sys/wait.h>
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

bool exited_zero(int status) {
  return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace

TEST_CASE("serve: SIGTERM with 50 idle keep-alive connections exits 0 within 1 s",
          "[webhook][process][shutdown]") {
  TempDir temp;
  ServeProcess server(temp.path().string());
  REQUIRE(server.started());
  std::vector<std::unique_ptr<TlsClient>> idle;
  for (int i = 0; i < 50; ++i) {
    auto client = std::make_unique<TlsClient>(server.ca());
    REQUIRE(!client->connect(server.port()));
    auto response = client->post("/validate", review("CREATE", good_job()).dump());
    REQUIRE(response);
    REQUIRE(response->status == 200);
    idle.push_back(std::move(client));
  }
  const auto start = Clock::now();
  const int status = server.terminate(1s);
  const auto took = std::chrono::duration<double>(Clock::now() - start).count();
  INFO(server.log());
  CHECK(exited_zero(status));
  CHECK(took <= 1.0);
  CHECK(server.log().find("\"unfinished_connections\":0") != std::string::npos);
}

TEST_CASE("serve: SIGTERM after malformed requests exits 0 within 1 s",
          "[webhook][process][shutdown]") {
  TempDir temp;
  ServeProcess server(temp.path().string());
  REQUIRE(server.started());
  const std::vector<std::string> bad = {
      "GARBAGE\r\n\r\n",
      "POST /validate HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\nhello",
      "POST /validate HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
      "POST /validate HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{}",
      "GET /nope HTTP/1.1\r\n\r\n",
  };
  std::vector<std::unique_ptr<TlsClient>> clients;
  for (const auto& request : bad) {
    auto client = std::make_unique<TlsClient>(server.ca());
    REQUIRE(!client->connect(server.port()));
    REQUIRE(client->send_raw(request));
    auto response = client->read_response();
    INFO(request);
    REQUIRE(response);
    CHECK(response->status >= 400);
    clients.push_back(std::move(client));  // kept open: lingering or idle at the server
  }
  const auto start = Clock::now();
  const int status = server.terminate(1s);
  const auto took = std::chrono::duration<double>(Clock::now() - start).count();
  const std::string log = server.log();
  INFO(log);
  CHECK(exited_zero(status));
  CHECK(took <= 1.0);
  CHECK(log.find("\"unfinished_connections\":0") != std::string::npos);
}

TEST_CASE(
    "serve: after SIGTERM /readyz fails while requests are still answered for "
    "--shutdown-delay, then the listener closes",
    "[webhook][process][shutdown]") {
  TempDir temp;
  ServeProcess server(temp.path().string(), {"--shutdown-delay=1500ms"});
  REQUIRE(server.started());
  TlsClient kept(server.ca());
  REQUIRE(!kept.connect(server.port()));
  auto ready = kept.request("GET", "/readyz", "", "");
  REQUIRE(ready);
  CHECK(ready->status == 200);

  REQUIRE(::kill(server.pid(), SIGTERM) == 0);
  const auto signalled = Clock::now();
  std::this_thread::sleep_for(200ms);
  // Unready at once, on an existing connection and on a new one; admission still answered.
  ready = kept.request("GET", "/readyz", "", "");
  REQUIRE(ready);
  CHECK(ready->status == 503);
  CHECK(ready->body == "not ready\n");
  TlsClient routed(server.ca());
  REQUIRE(!routed.connect(server.port()));
  auto response = routed.post("/validate", review("CREATE", good_job()).dump());
  REQUIRE(response);
  CHECK(response->status == 200);
  CHECK(response->json()["response"]["allowed"] == true);
  // The last response before the listener closes says so.
  std::this_thread::sleep_until(signalled + 1700ms);
  TlsClient late(server.ca());
  CHECK(late.connect(server.port()).has_value());
  const int status = wait_for_exit(server.pid(), 2s);
  CHECK(exited_zero(status));
}

TEST_CASE("serve: a second instance on the same port fails to start (no SO_REUSEPORT)",
          "[webhook][process]") {
  TempDir temp;
  const std::string dir = temp.path().string();
  ServeProcess first(dir);
  REQUIRE(first.started());
  std::string output;
  const int status = run_command(
      std::string(JOBWARDEN_BINARY) + " serve --tls-cert " + dir + "/tls.crt --tls-key " + dir +
          "/tls.key --addr 127.0.0.1:" + std::to_string(first.port()) + " --metrics-addr off",
      &output);
  CHECK(status == 1);
  CHECK(output.find("jobwarden serve: cannot listen on 127.0.0.1:" + std::to_string(first.port()) +
                    ": Address already in use") != std::string::npos);
  // The first instance serves every handshake with its own certificate.
  for (int i = 0; i < 10; ++i) {
    TlsClient client(first.ca());
    REQUIRE(!client.connect(first.port()));
    CHECK(client.peer_serial() == "5005");
  }
}
