#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "webhook/connection_loop.hpp"

// One connection's state, shared by the loop's two halves: connection_loop.cpp (sockets, accept,
// timeouts, workers) and connection_io.cpp (each connection's handshake, reads and writes).
namespace jobwarden::webhook {

using Clock = std::chrono::steady_clock;

struct ConnectionLoop::Connection {
  // lingering: an error response was sent; what the client still sends is read and dropped for a
  // moment, so that it sees the response instead of a reset (nginx's lingering close).
  enum class Phase { handshake, reading, processing, writing, lingering };
  std::uint64_t id = 0;
  std::unique_ptr<Transport> transport;
  std::string peer;
  Phase phase = Phase::handshake;
  RequestFramer framer;
  std::string out;
  std::size_t out_offset = 0;
  bool close_after_write = false;
  bool linger = false;
  std::uint64_t served = 0;
  bool watched = false;
  std::uint32_t events = 0;
  Wait wait = Wait::handshake;
  Clock::time_point deadline;
  Clock::time_point last_active;
  // The last_active of the idle spell in which the TLS buffers were released (once per spell).
  Clock::time_point released_at_active;

  explicit Connection(FramerLimits limits) : framer(limits) {}
  bool idle() const { return phase == Phase::reading && !framer.started(); }
};

}  // namespace jobwarden::webhook
