#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>
#include <thread>

// JSON log lines written by one background thread: a request never waits on a slow sink. When
// more than `max_queued_bytes` wait, new lines are dropped and counted (reported in a later line
// and in /metrics).
namespace jobwarden::webhook {

enum class LogLevel { debug, info, warning, error };
std::string_view to_string(LogLevel level);
// "debug" | "info" | "warning" | "error"; false for anything else.
bool parse_log_level(std::string_view text, LogLevel& level);

class LogSink {
 public:
  explicit LogSink(std::ostream* out, std::size_t max_queued_bytes = 4u * 1024 * 1024);
  ~LogSink();  // writes what is queued
  LogSink(const LogSink&) = delete;
  LogSink& operator=(const LogSink&) = delete;

  // Queues one line (without newline). Never blocks on the sink.
  void write(std::string line);
  // Waits until every queued line is written and flushed (bounded by `limit`).
  void flush(std::chrono::milliseconds limit = std::chrono::seconds(2));
  std::uint64_t dropped() const { return dropped_.load(); }

 private:
  void run();

  std::ostream* out_;
  std::size_t max_queued_bytes_;
  std::mutex mutex_;
  std::condition_variable ready_cv_;
  std::condition_variable drained_cv_;
  std::deque<std::string> queue_;
  std::size_t queued_bytes_ = 0;
  bool writing_ = false;
  bool stop_ = false;
  std::atomic<std::uint64_t> dropped_{0};
  std::uint64_t dropped_reported_ = 0;
  std::thread thread_;
};

// At most `per_second` lines per second of one kind (decision lines under load); the rest are
// counted, and the count is returned once with the next admitted line.
class LogSampler {
 public:
  explicit LogSampler(std::size_t per_second) : per_second_(per_second) {}
  // True when this line may be written; `suppressed` gets the count dropped since the last
  // admitted line (0 usually).
  bool admit(std::uint64_t& suppressed);

 private:
  std::mutex mutex_;
  std::size_t per_second_;
  std::chrono::steady_clock::time_point window_{};
  std::size_t in_window_ = 0;
  std::uint64_t suppressed_ = 0;
};

}  // namespace jobwarden::webhook
