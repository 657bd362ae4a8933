#include "webhook/log_sink.hpp"

namespace jobwarden::webhook {

std::string_view to_string(LogLevel level) {
  switch (level) {
    case LogLevel::debug:
      return "debug";
    case LogLevel::info:
      return "info";
    case LogLevel::warning:
      return "warning";
    case LogLevel::error:
      return "error";
  }
  return "info";
}

bool parse_log_level(std::string_view text, LogLevel& level) {
  for (LogLevel candidate : {LogLevel::debug, LogLevel::info, LogLevel::warning, LogLevel::error}) {
    if (text == to_string(candidate)) {
      level = candidate;
      return true;
    }
  }
  return false;
}

LogSink::LogSink(std::ostream* out, std::size_t max_queued_bytes)
    : out_(out), max_queued_bytes_(max_queued_bytes), thread_([this] { run(); }) {}

LogSink::~LogSink() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  ready_cv_.notify_all();
  thread_.join();
}

void LogSink::write(std::string line) {
  {
    std::lock_guard lock(mutex_);
    if (queued_bytes_ + line.size() > max_queued_bytes_) {
      ++dropped_;
      return;
    }
    queued_bytes_ += line.size();
    queue_.push_back(std::move(line));
  }
  ready_cv_.notify_one();
}

void LogSink::flush(std::chrono::milliseconds limit) {
  std::unique_lock lock(mutex_);
  drained_cv_.wait_for(lock, limit, [this] { return queue_.empty() && !writing_; });
}

void LogSink::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    ready_cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
    if (queue_.empty() && stop_) return;
    std::deque<std::string> batch;
    batch.swap(queue_);
    queued_bytes_ = 0;
    writing_ = true;
    const std::uint64_t dropped = dropped_.load();
    lock.unlock();
    std::string text;
    for (auto& line : batch) {
      text += line;
      text += '\n';
    }
    if (dropped != dropped_reported_) {
      text +=
          "{\"level\":\"warning\",\"msg\":\"log lines dropped: the log sink is too slow\","
          "\"dropped_total\":" +
          std::to_string(dropped) + "}\n";
      dropped_reported_ = dropped;
    }
    *out_ << text;
    out_->flush();
    lock.lock();
    writing_ = false;
    if (queue_.empty()) drained_cv_.notify_all();
  }
}

bool LogSampler::admit(std::uint64_t& suppressed) {
  std::lock_guard lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  if (now - window_ >= std::chrono::seconds(1)) {
    window_ = now;
    in_window_ = 0;
  }
  if (in_window_ >= per_second_) {
    ++suppressed_;
    suppressed = 0;
    return false;
  }
  ++in_window_;
  suppressed = suppressed_;
  suppressed_ = 0;
  return true;
}

}  // namespace jobwarden::webhook
