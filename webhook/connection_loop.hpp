#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "webhook/http_framer.hpp"
#include "webhook/transport.hpp"

// One thread accepts connections, runs TLS handshakes, reads requests and writes responses for
// every connection with nonblocking sockets (epoll); only complete requests reach the worker
// threads. An idle, slow or half-open connection is a few hundred bytes of state and never holds a
// worker. Design and reasons: docs/webhook-connections.md.
namespace jobwarden::webhook {

struct ConnectionLimits {
  std::size_t max_connections = 10000;  // beyond: the oldest idle connection is closed
  std::chrono::milliseconds handshake_timeout{5000};
  std::chrono::milliseconds header_timeout{10000};  // first request byte (or handshake) -> head
  std::chrono::milliseconds body_timeout{10000};    // head -> whole body
  std::chrono::milliseconds idle_timeout{60000};    // keep-alive between requests
  std::chrono::milliseconds write_timeout{10000};   // the whole response
  FramerLimits framing;
};

// Counters (monotonic) and gauges (sampled by the loop every few milliseconds).
struct ConnectionStats {
  std::uint64_t accepted = 0;
  std::uint64_t evicted = 0;  // closed to make room at max_connections
  std::uint64_t handshake_failures = 0;
  std::uint64_t timed_out_handshake = 0;
  std::uint64_t timed_out_header = 0;
  std::uint64_t timed_out_body = 0;
  std::uint64_t timed_out_idle = 0;
  std::uint64_t timed_out_write = 0;
  std::uint64_t requests = 0;
  std::uint64_t open = 0;
  std::uint64_t idle = 0;  // between requests (or before the first one)
  std::uint64_t handshaking = 0;
  std::uint64_t in_flight = 0;  // a request partly read, being answered, or its response written
};

class ConnectionLoop {
 public:
  // Runs on a worker thread. Returns the serialised response; `close` in: the server is draining
  // (answer with Connection: close); out: close after writing.
  using Handler = std::function<std::string(const FramedRequest& request, const std::string& peer,
                                            bool& close)>;
  // Runs on the loop thread for a request that cannot be framed: returns the whole response.
  using Rejecter = std::function<std::string(const FrameError& error, const std::string& target)>;

  // `tls` null: plain HTTP. The context must outlive the loop.
  ConnectionLoop(SSL_CTX* tls, ConnectionLimits limits, std::size_t workers, Handler handler,
                 Rejecter rejecter);
  ~ConnectionLoop();
  ConnectionLoop(const ConnectionLoop&) = delete;
  ConnectionLoop& operator=(const ConnectionLoop&) = delete;

  // Binds and listens (port 0: any free port). SO_REUSEADDR only, never SO_REUSEPORT: a second
  // process on the same port fails here. Returns an error message on failure.
  std::optional<std::string> bind(const std::string& host, int port);
  int port() const { return port_; }
  void start();
  // Stops accepting (closes the listener), closes idle connections at once, and closes every
  // other connection after its current response. Returns at once.
  void begin_shutdown();
  // Waits until no connection is open or the deadline passes; true when none is left.
  bool wait_until_closed(std::chrono::steady_clock::time_point deadline);
  // Closes everything and joins the threads.
  void stop();

  ConnectionStats stats() const;
  std::size_t open_connections() const { return open_.load(); }

 private:
  struct Connection;
  struct Job {
    std::uint64_t id;
    FramedRequest request;
    std::string peer;
    bool close;
  };
  struct Result {
    std::uint64_t id;
    std::string response;
    bool close;
  };

  void run();
  void worker_loop();
  void accept_ready();
  void handle_event(Connection& connection);
  void on_handshake(Connection& connection);
  void on_readable(Connection& connection);
  void on_writable(Connection& connection);
  void on_lingering(Connection& connection);
  void after_frame(Connection& connection);
  void dispatch(Connection& connection);
  void complete(Result result);
  void close_connection(std::uint64_t id);
  bool evict_one();
  void watch(Connection& connection, std::uint32_t events);
  void unwatch(Connection& connection);
  void scan(std::chrono::steady_clock::time_point now);
  void wake();
  void watch_listener();
  // What a connection waits for, and so which timeout closes it; `none`: a worker has it.
  enum class Wait { handshake, header, body, idle, write, linger, none };
  // A wait's timeout, and the counter of the connections it closes (null: not counted).
  struct WaitLimit {
    std::chrono::milliseconds timeout;
    std::uint64_t ConnectionStats::*timed_out;
  };
  WaitLimit limit_of(Wait wait) const;
  // Sets what `connection` waits for and its deadline: `from` plus that wait's timeout.
  void wait_for(Connection& connection, Wait wait, std::chrono::steady_clock::time_point from);
  void count(std::uint64_t ConnectionStats::*counter);

  SSL_CTX* tls_;
  ConnectionLimits limits_;
  Handler handler_;
  Rejecter rejecter_;
  std::size_t worker_count_;
  int listen_fd_ = -1;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  int port_ = 0;
  bool listener_watched_ = false;
  std::uint64_t next_id_ = 2;  // 0: listener, 1: wake-up
  std::unordered_map<std::uint64_t, std::unique_ptr<Connection>> connections_;
  std::thread loop_thread_;
  std::vector<std::thread> workers_;
  std::atomic<bool> draining_{false};
  bool drained_ = false;  // loop thread: begin_shutdown() applied
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> open_{0};

  std::mutex jobs_mutex_;
  std::condition_variable jobs_cv_;
  std::deque<Job> jobs_;
  bool workers_stop_ = false;
  std::mutex results_mutex_;
  std::vector<Result> results_;

  mutable std::mutex stats_mutex_;
  ConnectionStats stats_;
  std::mutex closed_mutex_;
  std::condition_variable closed_cv_;
};

}  // namespace jobwarden::webhook
