#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <thread>

#include "webhook/handler.hpp"
#include "webhook/metrics.hpp"
#include "webhook/tls_reloader.hpp"

namespace httplib {
class Server;
class SSLServer;
}  // namespace httplib

namespace jobwarden::webhook {

struct ServerOptions {
  std::string cert_path;
  std::string key_path;
  std::string config_path;  // empty: built-in defaults, no reload
  std::string host = "0.0.0.0";
  int port = 8443;  // 0: any free port (see Server::port())
  std::string metrics_host = "0.0.0.0";
  int metrics_port = 9090;  // 0: any free port; -1: no metrics listener
  std::chrono::milliseconds reload_interval{1000};
  std::size_t threads = 0;  // worker threads per listener; 0: sized from the CPU count
  int keep_alive_seconds = 60;
  int read_timeout_seconds = 10;
  int write_timeout_seconds = 10;
  std::ostream* log = nullptr;  // JSON lines; null: std::cerr
};

// An HTTP reply computed without sockets (the routes and tests share it).
struct HttpReply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
};

// The HTTPS admission server: POST /validate and /mutate, GET /healthz and /readyz, and GET
// /metrics on a separate plain-HTTP listener. Certificate and config files are watched and
// reloaded on change.
class Server {
 public:
  explicit Server(ServerOptions options);
  ~Server();  // shutdown() with a long grace period
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Loads config and certificate, binds both listeners, starts serving and watching.
  // Returns an error message on failure (nothing keeps running then).
  std::optional<std::string> start();
  int port() const { return port_; }
  int metrics_port() const { return metrics_port_; }

  // Stops accepting connections, waits up to `grace` for requests in flight, then stops the
  // watcher. Returns true when every worker finished (idle keep-alive connections included);
  // false when some are still parked in keep-alive waits after the grace period.
  bool shutdown(std::chrono::milliseconds grace);

  // The request pipeline without sockets: content type, body checks, decode, review, encode.
  HttpReply handle(Endpoint endpoint, std::string_view content_type, std::string_view body);

  std::shared_ptr<const Policy> policy() const { return policy_.load(); }
  const TlsReloader& tls() const { return tls_; }
  Metrics& metrics() { return metrics_; }
  std::size_t in_flight() const { return in_flight_.load(); }
  // Checks both watched sources once (the watcher thread calls this every reload_interval).
  void reload_now();

  // Writes one JSON log line.
  void log(nlohmann::json line);

 private:
  void watch_loop();

  ServerOptions options_;
  std::ostream* log_;
  std::mutex log_mutex_;
  TlsReloader tls_;
  Metrics metrics_;
  std::atomic<std::shared_ptr<const Policy>> policy_;
  FileStamp config_stamp_;
  std::unique_ptr<httplib::SSLServer> https_;
  std::unique_ptr<httplib::Server> metrics_server_;
  std::thread https_thread_;
  std::thread metrics_thread_;
  std::thread watcher_;
  std::atomic<bool> https_done_{false};
  std::mutex stop_mutex_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  std::atomic<bool> draining_{false};
  std::atomic<std::size_t> in_flight_{0};
  int port_ = 0;
  int metrics_port_ = -1;
  bool started_ = false;
  bool shut_down_ = false;
};

// "host:port", "[v6]:port" or ":port" (host 0.0.0.0). Returns false when malformed.
bool parse_address(std::string_view text, std::string& host, int& port);

}  // namespace jobwarden::webhook
