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

#include "webhook/connection_loop.hpp"
#include "webhook/handler.hpp"
#include "webhook/http_reply.hpp"
#include "webhook/log_sink.hpp"
#include "webhook/metrics.hpp"
#include "webhook/tls_policy.hpp"
#include "webhook/tls_reloader.hpp"

namespace jobwarden::webhook {

class HttpRouter;

struct ServerOptions {
  std::string cert_path;
  std::string key_path;
  std::string config_path;  // empty: built-in defaults, no reload
  std::string host = "0.0.0.0";
  int port = 8443;  // 0: any free port (see Server::port())
  std::string metrics_host = "0.0.0.0";
  int metrics_port = 9090;  // 0: any free port; -1: no metrics listener
  std::chrono::milliseconds reload_interval{1000};
  std::size_t threads = 0;       // event loops (threads); 0: core::usable_cpus(), at least 2
  ConnectionLimits connections;  // deadlines, caps and framing limits of the HTTPS listener
  TlsPolicy tls;
  // On shutdown: /readyz answers 503 for this long while everything else is served as usual, so
  // that Kubernetes stops routing to the pod before the listener closes.
  std::chrono::milliseconds shutdown_delay{0};
  LogLevel log_level = LogLevel::info;
  std::size_t decision_logs_per_second = 200;  // beyond: sampled (counted, not written)
  std::ostream* log = nullptr;                 // JSON lines; null: std::cerr
};

// The HTTPS admission server: POST /validate and /mutate, GET /healthz and /readyz, and GET
// /metrics on a separate plain-HTTP listener, each served by a ConnectionLoop (epoll event loops
// that answer complete requests) with cpp-httplib routes. Certificate and config files are
// watched and reloaded on change.
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

  // As Go's http.Server.Shutdown: /readyz turns 503 and serving goes on for shutdown_delay; then
  // the listener closes, idle connections are closed at once, requests in flight finish (each
  // connection closed after its response) for up to `grace`; returns as soon as no connection is
  // left. True when every connection closed within the grace period.
  bool shutdown(std::chrono::milliseconds grace);

  // The request pipeline without sockets: content type, body checks, decode, review, encode.
  HttpReply handle(Endpoint endpoint, std::string_view content_type, std::string_view body);

  std::shared_ptr<const Policy> policy() const { return policy_.load(); }
  const TlsReloader& tls() const { return tls_; }
  Metrics& metrics() { return metrics_; }
  // Requests partly read, being answered or being written (HTTPS listener).
  std::size_t in_flight() const;
  ConnectionStats connection_stats() const;
  // Checks both watched sources once (the watcher thread calls this every reload_interval).
  void reload_now();

  // Queues one JSON log line at `line["level"]` (dropped below options.log_level).
  void log(nlohmann::json line);
  // The HTTPS listener's routes (tests compare its direct path with httplib's).
  HttpRouter& https_routes() { return *routes_; }
  // Waits until queued log lines are written.
  void flush_log() { log_sink_.flush(); }

 private:
  void watch_loop();
  void install_routes();
  std::string reject_framing(const FrameError& error, const std::string& target);
  void log_decision(Endpoint endpoint, const AdmissionRequest& request, const Decision& decision,
                    double seconds);

  ServerOptions options_;
  LogSink log_sink_;
  LogSampler decision_sampler_;
  TlsReloader tls_;
  Metrics metrics_;
  std::atomic<std::shared_ptr<const Policy>> policy_;
  FileStamp config_stamp_;
  SSL_CTX* ssl_ctx_ = nullptr;
  std::unique_ptr<HttpRouter> routes_;
  std::unique_ptr<HttpRouter> metrics_routes_;
  std::unique_ptr<ConnectionLoop> https_;
  std::unique_ptr<ConnectionLoop> metrics_server_;
  std::thread watcher_;
  std::mutex stop_mutex_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  std::atomic<bool> draining_{false};
  int port_ = 0;
  int metrics_port_ = -1;
  bool started_ = false;
  bool shut_down_ = false;
  bool closed_cleanly_ = false;
};

// Raises the soft open-files limit to the hard limit (each connection is a descriptor). Returns
// the new soft limit.
std::size_t raise_open_files_limit();

// "host:port", "[v6]:port" or ":port" (host 0.0.0.0). Returns false when malformed.
bool parse_address(std::string_view text, std::string& host, int& port);

}  // namespace jobwarden::webhook
