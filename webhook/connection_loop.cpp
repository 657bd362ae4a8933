#include "webhook/connection_loop.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <malloc.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "webhook/connection.hpp"

namespace jobwarden::webhook {

namespace {

constexpr std::uint64_t kListenerId = 0;
constexpr std::uint64_t kWakeId = 1;
constexpr auto kScanInterval = std::chrono::milliseconds(50);
// An idle keep-alive connection gives its TLS buffers and its input buffer back after this long:
// a busy client never waits on a fresh allocation, and 1,000 idle ones do not hold 34 MiB.
constexpr auto kReleaseBuffersAfter = std::chrono::seconds(1);
// Bodies this large leave freed pages behind in the allocator; give them back to the OS.
constexpr std::size_t kTrimAfterBytes = 512 * 1024;
constexpr auto kLingerTime = std::chrono::seconds(2);

std::string peer_address(const sockaddr_storage& address) {
  char text[INET6_ADDRSTRLEN] = {0};
  if (address.ss_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in&>(address).sin_addr, text, sizeof text);
  } else if (address.ss_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6&>(address).sin6_addr, text,
              sizeof text);
  }
  return text;
}

}  // namespace

ConnectionLoop::ConnectionLoop(SSL_CTX* tls, ConnectionLimits limits, std::size_t loops,
                               Handler handler, Rejecter rejecter)
    : tls_(tls), limits_(limits), handler_(std::move(handler)), rejecter_(std::move(rejecter)) {
  if (loops == 0) loops = 1;
  limits_.max_connections = std::max<std::size_t>(1, (limits.max_connections + loops - 1) / loops);
  for (std::size_t i = 1; i < loops; ++i) {
    siblings_.push_back(std::make_unique<ConnectionLoop>(tls, limits_, 1, handler_, rejecter_));
  }
}

ConnectionLoop::~ConnectionLoop() {
  stop();
  for (auto& [fd, address] : handed_) ::close(fd);
  if (listen_fd_ >= 0) ::close(listen_fd_);
  if (epoll_fd_ >= 0) ::close(epoll_fd_);
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

std::optional<std::string> ConnectionLoop::bind(const std::string& host, int port) {
  const std::string where = host + ":" + std::to_string(port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0 || !found) {
    return "cannot listen on " + where + ": not a numeric address";
  }
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> guard(found, freeaddrinfo);
  listen_fd_ = ::socket(found->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) return "cannot listen on " + where + ": " + std::strerror(errno);
  int yes = 1;
  // SO_REUSEADDR lets a restarted server bind past TIME_WAIT; it never lets two listeners share
  // the port (SO_REUSEPORT would, and split the handshakes between them).
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  if (::bind(listen_fd_, found->ai_addr, found->ai_addrlen) != 0 ||
      ::listen(listen_fd_, SOMAXCONN) != 0) {
    const std::string error = std::strerror(errno);
    ::close(listen_fd_);
    listen_fd_ = -1;
    return "cannot listen on " + where + ": " + error;
  }
  sockaddr_storage bound{};
  socklen_t length = sizeof bound;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&bound), &length);
  port_ = ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6&>(bound).sin6_port
                                            : reinterpret_cast<sockaddr_in&>(bound).sin_port);
  return std::nullopt;
}

void ConnectionLoop::start() {
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.u64 = kWakeId;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &event);
  if (listen_fd_ >= 0) {
    event.data.u64 = kListenerId;
    listener_watched_ = ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, &event) == 0;
  }
  workers_.emplace_back([this] { worker_loop(); });
  loop_thread_ = std::thread([this] { run(); });
  for (auto& sibling : siblings_) sibling->start();
}

void ConnectionLoop::wake() {
  const std::uint64_t one = 1;
  if (wake_fd_ >= 0) [[maybe_unused]]
    auto n = ::write(wake_fd_, &one, sizeof one);
}

void ConnectionLoop::begin_shutdown() {
  draining_ = true;
  wake();
  for (auto& sibling : siblings_) sibling->begin_shutdown();
}

bool ConnectionLoop::wait_until_closed(Clock::time_point deadline) {
  std::unique_lock lock(closed_mutex_);
  bool closed = closed_cv_.wait_until(lock, deadline, [this] { return open_.load() == 0; });
  lock.unlock();
  for (auto& sibling : siblings_) closed = sibling->wait_until_closed(deadline) && closed;
  return closed;
}

std::size_t ConnectionLoop::open_connections() const {
  std::size_t open = open_.load();
  for (const auto& sibling : siblings_) open += sibling->open_connections();
  return open;
}

void ConnectionLoop::stop() {
  if (stopping_.exchange(true)) return;
  wake();
  if (loop_thread_.joinable()) loop_thread_.join();  // first: no more hand-offs to the siblings
  for (auto& sibling : siblings_) sibling->stop();
  {
    std::lock_guard lock(jobs_mutex_);
    workers_stop_ = true;
  }
  jobs_cv_.notify_all();
  for (auto& worker : workers_) worker.join();
  workers_.clear();
}

ConnectionStats ConnectionLoop::stats() const {
  ConnectionStats total;
  {
    std::lock_guard lock(stats_mutex_);
    total = stats_;
  }
  for (const auto& sibling : siblings_) {
    const ConnectionStats s = sibling->stats();
    for (auto field : {&ConnectionStats::accepted, &ConnectionStats::evicted,
                       &ConnectionStats::handshake_failures, &ConnectionStats::timed_out_handshake,
                       &ConnectionStats::timed_out_header, &ConnectionStats::timed_out_body,
                       &ConnectionStats::timed_out_idle, &ConnectionStats::timed_out_write,
                       &ConnectionStats::requests, &ConnectionStats::open, &ConnectionStats::idle,
                       &ConnectionStats::handshaking, &ConnectionStats::in_flight}) {
      total.*field += s.*field;
    }
  }
  return total;
}

void ConnectionLoop::watch(Connection& c, std::uint32_t events) {
  if (c.watched && c.events == events) return;
  epoll_event event{};
  event.events = events;
  event.data.u64 = c.id;
  ::epoll_ctl(epoll_fd_, c.watched ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, c.transport->fd(), &event);
  c.watched = true;
  c.events = events;
}

void ConnectionLoop::unwatch(Connection& c) {
  if (!c.watched) return;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, c.transport->fd(), nullptr);
  c.watched = false;
}

void ConnectionLoop::run() {
  std::vector<epoll_event> events(256);
  auto last_scan = Clock::now();
  while (!stopping_) {
    const bool may_sleep = ready_.empty();
    const int ready = ::epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()),
                                   may_sleep ? static_cast<int>(kScanInterval.count()) : 0);
    for (int i = 0; i < ready; ++i) {
      const std::uint64_t id = events[i].data.u64;
      if (id == kWakeId) {
        std::uint64_t count = 0;
        [[maybe_unused]] auto n = ::read(wake_fd_, &count, sizeof count);
        adopt_handed_off();
      } else if (id == kListenerId) {
        accept_ready();
      } else if (auto it = connections_.find(id); it != connections_.end()) {
        handle_event(*it->second);
      }
    }
    std::vector<Result> results;
    {
      std::lock_guard lock(results_mutex_);
      results.swap(results_);
    }
    for (auto& result : results) complete(std::move(result));
    this_turn_.swap(ready_);  // on_ready() may queue the connection again
    for (const std::uint64_t id : this_turn_) {
      if (auto it = connections_.find(id); it != connections_.end()) on_ready(*it->second);
    }
    this_turn_.clear();
    if (draining_ && !drained_) {
      drained_ = true;
      if (listen_fd_ >= 0) {
        ::close(listen_fd_);  // also leaves the epoll set
        listen_fd_ = -1;
        listener_watched_ = false;
      }
      std::vector<std::uint64_t> idle;
      for (auto& [id, c] : connections_) {
        if (c->phase == Connection::Phase::handshake || c->idle() ||
            c->phase == Connection::Phase::lingering) {
          idle.push_back(id);
        }
      }
      for (auto id : idle) close_connection(id);
    }
    const auto now = Clock::now();
    if (now - last_scan >= kScanInterval || (ready == 0 && may_sleep)) {
      last_scan = now;
      scan(now);
    }
    // A loop whose connections keep it busy never sleeps, so the scheduler lets it run out its
    // whole slice while a thread sharing the core waits: a client on the same host, or whatever
    // else the node runs there, and the requests in flight wait with it (p99 3.7 ms against
    // 1.7 ms under wrk on 2 cores, docs/performance.md). Yielding after each round of events
    // lets such a thread run now; with nothing else runnable it returns at once.
    if (ready > 0) ::sched_yield();
  }
  std::vector<std::uint64_t> all;
  for (auto& [id, c] : connections_) all.push_back(id);
  for (auto id : all) close_connection(id);
}

bool ConnectionLoop::make_room() {
  return connections_.size() < limits_.max_connections || evict_one();
}

ConnectionLoop* ConnectionLoop::next_target() {
  const std::size_t at = next_loop_;
  next_loop_ = (next_loop_ + 1) % (siblings_.size() + 1);
  if (at > 0) return siblings_[at - 1].get();  // it makes room itself, or refuses
  // One loop: room was made before accepting. Otherwise a loop whose share is all busy is skipped.
  if (siblings_.empty() || make_room()) return this;
  return next_target();
}

void ConnectionLoop::hand_off(int fd, const sockaddr_storage& address) {
  {
    std::lock_guard lock(handed_mutex_);
    handed_.emplace_back(fd, address);
  }
  wake();
}

void ConnectionLoop::adopt_handed_off() {
  std::vector<std::pair<int, sockaddr_storage>> handed;
  {
    std::lock_guard lock(handed_mutex_);
    handed.swap(handed_);
  }
  for (const auto& [fd, address] : handed) {
    if (draining_ || !make_room()) {
      ::close(fd);  // this loop's share is all busy, or it is shutting down
      continue;
    }
    add_connection(fd, address);
  }
}

void ConnectionLoop::accept_ready() {
  while (listen_fd_ >= 0) {
    if (siblings_.empty() && !make_room()) {
      // Full of connections that are all busy: leave the rest in the backlog until one closes.
      epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, listen_fd_, nullptr);
      listener_watched_ = false;
      return;
    }
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    const int fd = ::accept4(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length,
                             SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR && errno != ECONNABORTED) {
        // Out of descriptors or memory: stop polling the listener; scan() retries.
        ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, listen_fd_, nullptr);
        listener_watched_ = false;
        return;
      }
      if (errno == EINTR || errno == ECONNABORTED) continue;
      return;
    }
    int yes = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
    ConnectionLoop* target = next_target();
    if (target == this) {
      add_connection(fd, address);
    } else {
      target->hand_off(fd, address);
    }
  }
}

void ConnectionLoop::add_connection(int fd, const sockaddr_storage& address) {
  auto c = std::make_unique<Connection>(limits_.framing);
  c->transport = tls_ != nullptr ? Transport::tls(tls_, fd) : Transport::plain(fd);
  if (!c->transport) return;
  c->id = next_id_++;
  c->peer = peer_address(address);
  const auto now = Clock::now();
  c->last_active = now;
  wait_for(*c, Wait::handshake, now);
  Connection& ref = *c;
  connections_.emplace(c->id, std::move(c));
  open_ = connections_.size();
  count(&ConnectionStats::accepted);
  on_handshake(ref);
}

bool ConnectionLoop::evict_one() {
  // Oldest idle keep-alive connection first, then the oldest one that is handshaking or has not
  // finished sending its request. A connection whose request is being answered is never evicted.
  Connection* victim = nullptr;
  int victim_rank = 3;
  for (auto& [id, c] : connections_) {
    int rank = 3;
    if (c->idle() || c->phase == Connection::Phase::lingering) {
      rank = c->served > 0 || c->phase == Connection::Phase::lingering ? 0 : 1;
    } else if (c->phase == Connection::Phase::handshake) {
      rank = 1;
    } else if (c->phase == Connection::Phase::reading) {
      rank = 2;
    }
    if (rank < victim_rank ||
        (rank == victim_rank && rank < 3 && c->last_active < victim->last_active)) {
      victim = c.get();
      victim_rank = rank;
    }
  }
  if (victim == nullptr) return false;
  count(&ConnectionStats::evicted);
  close_connection(victim->id);
  return true;
}

void ConnectionLoop::worker_loop() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(jobs_mutex_);
      jobs_cv_.wait(lock, [this] { return workers_stop_ || !jobs_.empty(); });
      if (workers_stop_) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    bool close = job.close || job.request.close;
    const std::size_t size = job.request.body.size();
    Result result{job.id, handler_(job.request, job.peer, close), close};
    job.request = FramedRequest{};
    if (size >= kTrimAfterBytes) malloc_trim(0);
    {
      std::lock_guard lock(results_mutex_);
      results_.push_back(std::move(result));
    }
    wake();
  }
}

void ConnectionLoop::close_connection(std::uint64_t id) {
  auto it = connections_.find(id);
  if (it == connections_.end()) return;
  Connection& c = *it->second;
  unwatch(c);
  c.transport->shutdown();
  connections_.erase(it);
  open_ = connections_.size();
  watch_listener();
  if (connections_.empty()) {
    std::lock_guard lock(closed_mutex_);
    closed_cv_.notify_all();
  }
}

void ConnectionLoop::scan(Clock::time_point now) {
  std::vector<std::pair<std::uint64_t, Wait>> expired;
  ConnectionStats gauges;
  for (auto& [id, c] : connections_) {
    if (c->phase == Connection::Phase::handshake) {
      ++gauges.handshaking;
    } else if (c->idle() || c->phase == Connection::Phase::lingering) {
      ++gauges.idle;
      if (c->idle() && c->released_at_active != c->last_active &&
          now - c->last_active >= kReleaseBuffersAfter) {
        c->transport->release_buffers();
        c->framer.release_memory();
        c->released_at_active = c->last_active;
      }
    } else {
      ++gauges.in_flight;
    }
    if (c->wait != Wait::none && now >= c->deadline) expired.emplace_back(id, c->wait);
  }
  gauges.open = connections_.size();
  {
    std::lock_guard lock(stats_mutex_);
    for (const auto& [id, wait] : expired) {
      if (auto counter = limit_of(wait).timed_out) ++(stats_.*counter);
    }
    stats_.open = gauges.open - expired.size();
    stats_.idle = gauges.idle;
    stats_.handshaking = gauges.handshaking;
    stats_.in_flight = gauges.in_flight;
  }
  for (const auto& [id, wait] : expired) close_connection(id);
  watch_listener();  // e.g. after EMFILE
}

ConnectionLoop::WaitLimit ConnectionLoop::limit_of(Wait wait) const {
  switch (wait) {
    case Wait::handshake:
      return {limits_.handshake_timeout, &ConnectionStats::timed_out_handshake};
    case Wait::header:
      return {limits_.header_timeout, &ConnectionStats::timed_out_header};
    case Wait::body:
      return {limits_.body_timeout, &ConnectionStats::timed_out_body};
    case Wait::idle:
      return {limits_.idle_timeout, &ConnectionStats::timed_out_idle};
    case Wait::write:
      return {limits_.write_timeout, &ConnectionStats::timed_out_write};
    case Wait::linger:  // the end of a lingering close is not a failure
      return {kLingerTime, nullptr};
    case Wait::none:
      break;
  }
  return {std::chrono::milliseconds::zero(), nullptr};
}

void ConnectionLoop::wait_for(Connection& c, Wait wait, Clock::time_point from) {
  c.wait = wait;
  c.deadline = from + limit_of(wait).timeout;
}

void ConnectionLoop::count(std::uint64_t ConnectionStats::*counter) {
  std::lock_guard lock(stats_mutex_);
  ++(stats_.*counter);
}

void ConnectionLoop::watch_listener() {
  if (listener_watched_ || listen_fd_ < 0 || draining_) return;
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.u64 = kListenerId;
  listener_watched_ = ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, &event) == 0;
}

}  // namespace jobwarden::webhook
