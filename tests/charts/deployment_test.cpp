// What the chart's Deployment runs, run for real: the rendered command and args (only the
// mount paths and listen addresses moved to a temp dir and loopback ports) start
// `jobwarden serve` on the rendered Secret and ConfigMap; a client that verifies the chart's CA
// for the Service host, as the API server does, gets /readyz and a denial from /validate; on
// SIGTERM it reports not ready and keeps answering for the chart's shutdownDelay.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "tests/charts/chart_support.hpp"
#include "tests/support/scratch.hpp"
#include "tests/webhook/tls_support.hpp"
#include "tests/webhook/webhook_fixtures.hpp"
#include "webhook/admission.hpp"

using nlohmann::json;
using namespace std::chrono_literals;

namespace {

int free_loopback_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  const int port = ntohs(address.sin_port);
  ::close(fd);
  return port;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = 0; (at = text.find(from, at)) != std::string::npos; at += to.size()) {
    text.replace(at, from.size(), to);
  }
  return text;
}

std::string decoded(const json& value) {
  auto bytes = jobwarden::webhook::base64_decode(value.get<std::string>());
  REQUIRE(bytes.has_value());
  return *bytes;
}

}  // namespace

TEST_CASE("chart: the Deployment's command and args serve with the chart's Secret and ConfigMap",
          "[chart][process]") {
  using namespace jobwarden::testing;
  chart::require_helm();
  auto objects = chart::render("");
  const json& pod = chart::at(objects["Deployment/rel-jobwarden"], "/spec/template/spec");
  const json& container = chart::at(pod, "/containers/0");
  // The args name files under the two mounts; both are filled from the rendered objects.
  CHECK(container["volumeMounts"] == json::parse(R"([
      {"name":"tls","mountPath":"/etc/jobwarden/tls","readOnly":true},
      {"name":"config","mountPath":"/etc/jobwarden/config","readOnly":true}])"));
  const json& secret = objects["Secret/rel-jobwarden-tls"]["data"];
  TempDir root;
  const std::string mount = root.path().string();
  root.write("tls/tls.crt", decoded(secret["tls.crt"]));
  root.write("tls/tls.key", decoded(secret["tls.key"]));
  root.write("tls/ca.crt", decoded(secret["ca.crt"]));
  root.write(
      "config/jobwarden.yaml",
      chart::at(objects["ConfigMap/rel-jobwarden"], "/data/jobwarden.yaml").get<std::string>());

  const int port = free_loopback_port();
  const int metrics_port = free_loopback_port();
  std::vector<std::string> argv = {JOBWARDEN_BINARY};
  REQUIRE(container["command"] == json({"/usr/local/bin/jobwarden"}));
  for (const auto& arg : container["args"]) {
    std::string value = replace_all(arg.get<std::string>(), "/etc/jobwarden/", mount + "/");
    value = replace_all(value, "0.0.0.0:8443", "127.0.0.1:" + std::to_string(port));
    value = replace_all(value, "0.0.0.0:9090", "127.0.0.1:" + std::to_string(metrics_port));
    argv.push_back(value);
  }
  INFO(json(argv).dump());
  const std::string log_path = root.file("serve.log");
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    const int fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    std::vector<char*> args;
    for (auto& arg : argv) args.push_back(arg.data());
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  struct Reaper {
    pid_t pid;
    bool reaped = false;
    ~Reaper() {
      if (reaped) return;
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
  } reaper{pid};

  // The client checks the certificate against the chart's CA for the chart's Service host.
  TlsClient client(root.file("tls/ca.crt"), "rel-jobwarden.jobwarden.svc");
  std::optional<std::string> refused = "not tried";
  for (int i = 0; i < 200 && refused; ++i) {
    refused = client.connect(port);
    if (refused) std::this_thread::sleep_for(25ms);
  }
  INFO(read_file(log_path));
  REQUIRE(!refused);
  auto ready = client.request("GET", "/readyz", "", "");
  REQUIRE(ready);
  CHECK(ready->status == 200);
  auto reply = client.post("/validate?timeout=5s", review("CREATE", bad_job()).dump());
  REQUIRE(reply);
  CHECK(reply->status == 200);
  const json response = reply->json()["response"];
  CHECK(response["allowed"] == false);
  CHECK(response["status"]["message"].get<std::string>().find("[job-restart-policy-always]") !=
        std::string::npos);
  client.close();

  // The chart's shutdownDelay (5s): after SIGTERM the pod reports not ready, so the Service stops
  // routing to it, and still answers what reaches it meanwhile.
  const auto terminating = std::chrono::steady_clock::now();
  REQUIRE(::kill(pid, SIGTERM) == 0);
  int ready_status = 0;
  for (int i = 0; i < 100 && ready_status != 503; ++i) {
    if (client.connect(port)) break;
    auto probe = client.request("GET", "/readyz", "", "");
    ready_status = probe ? probe->status : 0;
    client.close();
    if (ready_status != 503) std::this_thread::sleep_for(10ms);
  }
  CHECK(ready_status == 503);
  REQUIRE(!client.connect(port));
  auto late = client.post("/validate?timeout=5s", review("CREATE", bad_job()).dump());
  REQUIRE(late);
  CHECK(late->status == 200);
  CHECK(late->json()["response"]["allowed"] == false);
  client.close();
  CHECK(std::chrono::steady_clock::now() - terminating < 4s);  // all of it within the delay
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  reaper.reaped = true;
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(std::chrono::steady_clock::now() - terminating >= 5s);
}
