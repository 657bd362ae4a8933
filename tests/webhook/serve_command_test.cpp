// `jobwarden serve` as a process: graceful shutdown on SIGTERM, usage errors.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <thread>

#include "tests/webhook/server_harness.hpp"

// json, fs and the chrono literals come with the harness's namespace.
using namespace jobwarden::testing;

TEST_CASE("jobwarden serve: SIGTERM during a slow request completes it and exits 0",
          "[webhook][tls][process]") {
  TempDir temp;
  const std::string dir = temp.path().string();
  make_serving_cert(dir, "tls", "3003");
  const int port = free_loopback_port();
  const std::string log_path = dir + "/serve.log";
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    int fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    const std::string addr = "--addr=127.0.0.1:" + std::to_string(port);
    const std::string cert = "--tls-cert=" + dir + "/tls.crt";
    const std::string key = "--tls-key=" + dir + "/tls.key";
    ::execl(JOBWARDEN_BINARY, JOBWARDEN_BINARY, "serve", cert.c_str(), key.c_str(), addr.c_str(),
            "--metrics-addr=off", "--shutdown-grace=20s", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  struct Reaper {
    pid_t pid;
    ~Reaper() {
      if (wait_for_exit(pid, 0ms) == -1) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, nullptr, 0);
      }
    }
  } reaper{pid};

  TlsClient client(dir + "/ca.crt");
  REQUIRE(eventually([&] { return !client.connect(port).has_value(); }));

  // A large valid review (about 1 MiB), sent slowly.
  json job = good_job();
  job["metadata"]["annotations"] = {{"note", std::string(1 << 20, 'n')}};
  const std::string body = review("CREATE", job).dump();
  const std::string head =
      "POST /validate?timeout=10s HTTP/1.1\r\nHost: jobwarden.jobwarden.svc\r\n"
      "Content-Type: application/json\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n\r\n";
  REQUIRE(client.send_raw(head));
  const std::size_t chunk = body.size() / 8;
  REQUIRE(client.send_raw(std::string_view(body).substr(0, chunk)));
  std::this_thread::sleep_for(200ms);
  REQUIRE(::kill(pid, SIGTERM) == 0);
  std::this_thread::sleep_for(300ms);
  CHECK(wait_for_exit(pid, 0ms) == -1);  // still running: a request is in flight
  // New connections are refused once the signal arrived.
  TlsClient late(dir + "/ca.crt");
  CHECK(late.connect(port).has_value());
  for (std::size_t offset = chunk; offset < body.size(); offset += chunk) {
    REQUIRE(client.send_raw(std::string_view(body).substr(offset, chunk)));
    std::this_thread::sleep_for(50ms);
  }
  auto response = client.read_response();
  INFO(client.error());
  REQUIRE(response);
  CHECK(response->status == 200);
  CHECK(response->json() == allow_response());
  client.close();

  const int status = wait_for_exit(pid, 15s);
  REQUIRE(status != -1);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  const std::string log = read_file(log_path);
  INFO(log);
  CHECK(log.find("\"msg\":\"signal received\"") != std::string::npos);
  CHECK(log.find("\"msg\":\"stopped\"") != std::string::npos);
  // Allowed requests without findings are logged at debug only (not at the default info).
  CHECK(log.find("\"decision\":\"allow\"") == std::string::npos);
}

TEST_CASE("jobwarden serve: usage errors exit 2", "[webhook][process]") {
  std::string output;
  CHECK(run_command(std::string(JOBWARDEN_BINARY) + " serve --tls-key k", &output) == 2);
  CHECK(output.find("jobwarden serve: --tls-cert is required") != std::string::npos);
  CHECK(run_command(std::string(JOBWARDEN_BINARY) + " serve --tls-cert c --tls-key k --addr nope",
                    &output) == 2);
  CHECK(output.find("--addr: expected HOST:PORT, got \"nope\"") != std::string::npos);
  CHECK(run_command(std::string(JOBWARDEN_BINARY) + " serve --bogus", &output) == 2);
  CHECK(run_command(std::string(JOBWARDEN_BINARY) + " serve --help", &output) == 0);
  CHECK(output.rfind("Usage: jobwarden serve --tls-cert FILE --tls-key FILE", 0) == 0);
  // A missing certificate is a start-up failure, not a usage error.
  CHECK(run_command(std::string(JOBWARDEN_BINARY) +
                        " serve --tls-cert /nonexistent.crt --tls-key /nonexistent.key "
                        "--addr 127.0.0.1:0 --metrics-addr off",
                    &output) == 1);
  CHECK(output.find("cannot load the TLS certificate: /nonexistent.crt: cannot read the "
                    "certificate") != std::string::npos);
}
