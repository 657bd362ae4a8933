#pragma once

// A Server on loopback with a kubelet-style projected Secret and a config file, and what the
// tests of the real endpoints share (split from server_test.cpp).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>

#include "tests/webhook/serve_process.hpp"
#include "tests/webhook/tls_support.hpp"
#include "tests/webhook/webhook_fixtures.hpp"
#include "webhook/server.hpp"

namespace jobwarden::testing {

using namespace std::chrono_literals;
namespace fs = std::filesystem;
using jobwarden::webhook::Server;
using jobwarden::webhook::ServerOptions;

inline const bool kIgnoreSigpipe = [] {
  ::signal(SIGPIPE, SIG_IGN);
  return true;
}();

// Secret files laid out the way kubelet projects a Secret volume: tls.crt -> ..data/tls.crt,
// ..data -> ..vN. A new version is swapped in with one rename of the ..data symlink.
class ProjectedSecret {
 public:
  explicit ProjectedSecret(std::string dir) : dir_(std::move(dir)) { fs::create_directories(dir_); }
  void publish(const std::string& cert_file, const std::string& key_file) {
    const std::string version = "..v" + std::to_string(++version_);
    fs::create_directories(dir_ + "/" + version);
    fs::copy_file(cert_file, dir_ + "/" + version + "/tls.crt");
    fs::copy_file(key_file, dir_ + "/" + version + "/tls.key");
    fs::remove(dir_ + "/..data_tmp");
    fs::create_directory_symlink(version, dir_ + "/..data_tmp");
    fs::rename(dir_ + "/..data_tmp", dir_ + "/..data");  // atomic swap
    if (!fs::is_symlink(dir_ + "/tls.crt")) {
      fs::create_symlink("..data/tls.crt", dir_ + "/tls.crt");
      fs::create_symlink("..data/tls.key", dir_ + "/tls.key");
    }
  }
  std::string cert() const { return dir_ + "/tls.crt"; }
  std::string key() const { return dir_ + "/tls.key"; }

 private:
  std::string dir_;
  int version_ = 0;
};

struct Harness {
  TempDir temp;
  std::string dir = temp.path().string();
  ProjectedSecret secret{dir + "/secret"};
  std::string config_path;
  std::string log_path = dir + "/server.log";
  std::ofstream log_stream{log_path};
  std::unique_ptr<Server> server;

  explicit Harness(const std::string& config_text = "") {
    make_serving_cert(dir, "tls1", "1001");
    secret.publish(dir + "/tls1.crt", dir + "/tls1.key");
    if (!config_text.empty()) {
      config_path = dir + "/config/.jobwarden.yaml";
      fs::create_directories(dir + "/config");
      write_file(config_path, config_text);
    }
    ServerOptions options;
    options.cert_path = secret.cert();
    options.key_path = secret.key();
    options.config_path = config_path;
    options.host = "127.0.0.1";
    options.port = 0;
    options.metrics_host = "127.0.0.1";
    options.metrics_port = 0;
    options.reload_interval = 50ms;
    options.connections.idle_timeout = 2s;
    options.threads = 4;
    options.log = &log_stream;
    server = std::make_unique<Server>(options);
    auto error = server->start();
    INFO(error.value_or(""));
    REQUIRE(!error);
  }
  ~Harness() { server.reset(); }

  std::string ca() const { return dir + "/ca.crt"; }
  int port() const { return server->port(); }
  std::string metrics() const {
    auto response = http_get(server->metrics_port(), "/metrics");
    return response ? response->body : std::string();
  }
  // Replaces the config file atomically (write + rename), as a ConfigMap update does.
  void replace_config(const std::string& text) {
    write_file(config_path + ".tmp", text);
    fs::rename(config_path + ".tmp", config_path);
  }
};

inline const std::string kRestartDenial =
    "jobwarden denied Job default/pi: [job-restart-policy-always] "
    "/spec/template/spec/restartPolicy: restartPolicy Always is not allowed in a Job pod "
    "template: the API server rejects the Job (valid values: OnFailure, Never) (hint: Set "
    "restartPolicy: Never (or OnFailure to restart failed containers in place))";

// POSTs a review; requires HTTP 200 with application/json and returns the parsed body.
inline json call(TlsClient& client, const std::string& path, const json& body) {
  auto response = client.post(path + "?timeout=10s", body.dump());
  INFO(client.error());
  REQUIRE(response);
  INFO(response->body);
  REQUIRE(response->status == 200);
  CHECK(response->headers["content-type"].rfind("application/json", 0) == 0);
  return response->json();
}

inline json allow_response(const std::string& api_version = "admission.k8s.io/v1",
                           const std::string& uid = "705ab4f5-6393-11e8-b7cc-42010a800002") {
  return {{"apiVersion", api_version},
          {"kind", "AdmissionReview"},
          {"response", {{"uid", uid}, {"allowed", true}}}};
}

// Waits (bounded) until `condition` holds.
template <typename F>
bool eventually(F condition, std::chrono::milliseconds limit = 10s) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(20ms);
  }
  return condition();
}

inline bool python_jsonpatch(std::string& python) {
  for (const char* candidate : {"/usr/bin/python3", "python3"}) {
    if (run_command(std::string(candidate) + " -c 'import jsonpatch'") == 0) {
      python = candidate;
      return true;
    }
  }
  return false;
}

}  // namespace jobwarden::testing
