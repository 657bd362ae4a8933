#pragma once

#include <sys/socket.h>

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

// Event loops (one thread each, one per usable CPU by default) run TLS handshakes, read requests
// and write responses for their connections with nonblocking sockets (epoll). The first loop owns
// the listener and hands accepted sockets to the loops in turn; a connection stays on its loop. A
// complete request with a small body is answered on the loop thread (no thread switch); one with
// a large body goes to the loop's worker thread. An idle, slow or half-open connection is a few
// hundred bytes of state and never holds a thread. Design and reasons:
// docs/webhook-connections.md.
namespace jobwarden::webhook {

struct ConnectionLimits {
  // Beyond: the oldest idle connection is closed. Each of n loops holds up to 1/n of them, and
  // accepted sockets go to the loops in turn, so the oldest idle one of the loop is about the
  // oldest overall.
  std::size_t max_connections = 10000;
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
  // Runs on the loop thread (small bodies) or a worker thread. Returns the serialised response;
  // `close` in: the server is draining (answer with Connection: close); out: close after writing.
  using Handler = std::function<std::string(const FramedRequest& request, const std::string& peer,
                                            bool& close)>;
  // Runs on the loop thread for a request that cannot be framed: returns the whole response.
  using Rejecter = std::function<std::string(const FrameError& error, const std::string& target)>;

  // `tls` null: plain HTTP. The context must outlive the loop. `loops`: event loop threads (0: 1).
  ConnectionLoop(SSL_CTX* tls, ConnectionLimits limits, std::size_t loops, Handler handler,
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
  std::size_t open_connections() const;

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
  // The loop that gets the next accepted socket (round robin).
  ConnectionLoop* next_target();
  // Another loop's socket for this one (any thread).
  void hand_off(int fd, const sockaddr_storage& address);
  void adopt_handed_off();
  void add_connection(int fd, const sockaddr_storage& address);
  // Is there room for one more connection, after closing an idle one if need be?
  bool make_room();
  void handle_event(Connection& connection);
  void on_handshake(Connection& connection);
  void on_readable(Connection& connection);
  void on_writable(Connection& connection);
  void on_lingering(Connection& connection);
  void after_frame(Connection& connection);
  void dispatch(Connection& connection);
  void complete(Result result);
  // Writes `response`; then the connection closes or reads its next request.
  void respond(Connection& connection, std::string response, bool close);
  // A connection that finished a response: frames or reads its next request.
  void on_ready(Connection& connection);
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
  ConnectionLimits limits_;  // max_connections: this loop's share
  Handler handler_;
  Rejecter rejecter_;
  std::vector<std::unique_ptr<ConnectionLoop>> siblings_;  // the first loop's other loops
  std::size_t next_loop_ = 0;  // round robin over this loop (0) and siblings_
  std::mutex handed_mutex_;
  std::vector<std::pair<int, sockaddr_storage>> handed_;
  int listen_fd_ = -1;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  int port_ = 0;
  bool listener_watched_ = false;
  std::uint64_t next_id_ = 2;  // 0: listener, 1: wake-up
  std::unordered_map<std::uint64_t, std::unique_ptr<Connection>> connections_;
  std::vector<std::uint64_t> ready_;  // connections for on_ready() on the loop's next turn
  std::vector<std::uint64_t> this_turn_;
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
