// Each connection's side of the loop: the TLS handshake, reading a request into the framer,
// handing it to a worker, writing the response, and a lingering close after an error response.
#include <sys/epoll.h>

#include "webhook/connection.hpp"

namespace jobwarden::webhook {

namespace {

// Requests with bodies up to this size are answered on the loop thread: a typical Job's review
// (1-10 KB) takes 0.1-0.5 ms, and the two thread switches of a hand-off to a worker were a large
// part of that on a busy machine. Review time grows ~20 us per KB (21 KB, 100 containers: ~1.5
// ms; 84 KB: ~7 ms) while the loop's other connections wait, so larger bodies go to the loop's
// worker, where the hand-off is a few percent of the review.
constexpr std::size_t kInlineBodyBytes = 16 * 1024;

// The epoll events a transport that wants to read or write waits for; 0 for any other status.
std::uint32_t events_awaited(IoStatus status) {
  if (status == IoStatus::want_read) return EPOLLIN;
  if (status == IoStatus::want_write) return EPOLLOUT;
  return 0;
}

}  // namespace

void ConnectionLoop::handle_event(Connection& c) {
  switch (c.phase) {
    case Connection::Phase::handshake:
      on_handshake(c);
      break;
    case Connection::Phase::reading:
      on_readable(c);
      break;
    case Connection::Phase::writing:
      on_writable(c);
      break;
    case Connection::Phase::processing:
      unwatch(c);
      break;
    case Connection::Phase::lingering:
      on_lingering(c);
      break;
  }
}

void ConnectionLoop::on_handshake(Connection& c) {
  const IoStatus status = c.transport->handshake();
  if (status == IoStatus::ok) {
    c.phase = Connection::Phase::reading;
    c.last_active = Clock::now();
    wait_for(c, Wait::header, c.last_active);
    on_readable(c);
  } else if (const std::uint32_t events = events_awaited(status)) {
    watch(c, events);
  } else {
    count(&ConnectionStats::handshake_failures);
    close_connection(c.id);
  }
}

void ConnectionLoop::on_readable(Connection& c) {
  char buffer[16 * 1024];
  for (;;) {
    std::size_t n = 0;
    const IoStatus status = c.transport->read(buffer, sizeof buffer, n);
    if (const std::uint32_t events = events_awaited(status)) {
      // A connection that has sent nothing since its handshake (a pool warming up, a probe, a
      // burst of idle clients) holds no buffers from that handshake; one that sends a moment
      // later allocates them once.
      if (c.served == 0 && !c.framer.started()) c.transport->release_buffers();
      watch(c, events);
      return;
    }
    if (status != IoStatus::ok) {
      close_connection(c.id);
      return;
    }
    const bool was_started = c.framer.started();
    const bool was_head_done = c.framer.head_done();
    c.framer.feed(std::string_view(buffer, n));
    const auto now = Clock::now();
    c.last_active = now;
    if (!was_started && c.framer.started()) wait_for(c, Wait::header, now);
    if (!was_head_done && c.framer.head_done()) wait_for(c, Wait::body, now);
    if (c.framer.state() != RequestFramer::State::need_more) {
      after_frame(c);
      return;
    }
    if (c.framer.wants_continue()) {
      // Tiny, on a socket with nothing else queued: written at once, or the connection is broken.
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      std::size_t written = 0;
      if (c.transport->write(kContinue.data(), kContinue.size(), written) != IoStatus::ok ||
          written != kContinue.size()) {
        close_connection(c.id);
        return;
      }
      c.framer.continue_sent();
    }
  }
}

// The framer has a complete request or an error.
void ConnectionLoop::after_frame(Connection& c) {
  if (c.framer.state() == RequestFramer::State::complete) {
    dispatch(c);
    return;
  }
  c.out = rejecter_(c.framer.error(), c.framer.target());
  c.out_offset = 0;
  c.close_after_write = true;
  c.linger = true;
  c.phase = Connection::Phase::writing;
  wait_for(c, Wait::write, Clock::now());
  on_writable(c);
}

void ConnectionLoop::dispatch(Connection& c) {
  FramedRequest request = c.framer.take();
  const bool draining = draining_.load();
  if (request.body.size() <= kInlineBodyBytes) {
    bool close = draining || request.close;
    std::string response = handler_(request, c.peer, close);
    respond(c, std::move(response), close);
    return;
  }
  unwatch(c);
  c.phase = Connection::Phase::processing;
  c.wait = Wait::none;
  {
    std::lock_guard lock(jobs_mutex_);
    jobs_.push_back(Job{c.id, std::move(request), c.peer, draining});
  }
  jobs_cv_.notify_one();
}

void ConnectionLoop::complete(Result result) {
  auto it = connections_.find(result.id);
  if (it != connections_.end()) respond(*it->second, std::move(result.response), result.close);
}

void ConnectionLoop::respond(Connection& c, std::string response, bool close) {
  count(&ConnectionStats::requests);
  ++c.served;
  c.out = std::move(response);
  c.out_offset = 0;
  c.close_after_write = close || draining_;
  c.phase = Connection::Phase::writing;
  wait_for(c, Wait::write, Clock::now());
  on_writable(c);
}

void ConnectionLoop::on_writable(Connection& c) {
  while (c.out_offset < c.out.size()) {
    std::size_t n = 0;
    const IoStatus status =
        c.transport->write(c.out.data() + c.out_offset, c.out.size() - c.out_offset, n);
    if (const std::uint32_t events = events_awaited(status)) {
      watch(c, events);
      return;
    }
    if (status != IoStatus::ok) {
      close_connection(c.id);
      return;
    }
    c.out_offset += n;
  }
  std::string().swap(c.out);
  c.out_offset = 0;
  if (c.linger) {
    c.phase = Connection::Phase::lingering;
    wait_for(c, Wait::linger, Clock::now());
    on_lingering(c);
    return;
  }
  if (c.close_after_write || draining_) {
    close_connection(c.id);
    return;
  }
  const auto now = Clock::now();
  c.phase = Connection::Phase::reading;
  c.last_active = now;
  wait_for(c, Wait::idle, now);
  if (c.framer.started()) wait_for(c, c.framer.head_done() ? Wait::body : Wait::header, now);
  // A pipelined request may be framed already, and TLS may hold decrypted bytes that epoll
  // cannot report: read on the loop's next turn rather than here, which would recurse (a review
  // answered inline ends here) and let one pipelining client hold the loop.
  ready_.push_back(c.id);
}

void ConnectionLoop::on_ready(Connection& c) {
  if (c.phase != Connection::Phase::reading) return;
  if (c.framer.state() != RequestFramer::State::need_more) {
    after_frame(c);
  } else {
    on_readable(c);
  }
}

void ConnectionLoop::on_lingering(Connection& c) {
  char buffer[16 * 1024];
  for (;;) {
    std::size_t n = 0;
    const IoStatus status = c.transport->read(buffer, sizeof buffer, n);
    if (status == IoStatus::ok) continue;  // dropped
    if (const std::uint32_t events = events_awaited(status)) {
      watch(c, events);
      return;
    }
    close_connection(c.id);
    return;
  }
}

}  // namespace jobwarden::webhook
