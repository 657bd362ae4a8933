#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

#include "rules/core/finding.hpp"
#include "webhook/connection_loop.hpp"

// Counters for GET /metrics (Prometheus text exposition format 0.0.4).
namespace jobwarden::webhook {

class Metrics {
 public:
  // One admission (or rejected) request: endpoint "validate"|"mutate", decision
  // "allow"|"deny"|"patch"|"skip"|"error", HTTP status code, latency in seconds.
  void observe_request(const std::string& endpoint, const std::string& decision, int code,
                       double seconds);
  // Counts a request's findings by rule and severity (one lock for all of them).
  void count_findings(const std::vector<core::Finding>& findings);
  void count_config_reload(bool ok);
  void count_certificate_reload(bool ok);
  void set_certificate_not_after(std::int64_t seconds);

  std::string render() const;

  // Bucket upper bounds of the latency histogram, in seconds.
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1,    2.5};

 private:
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests_;
  std::map<std::string, Histogram> latency_;  // by endpoint
  std::map<std::pair<std::string, std::string>, std::uint64_t> findings_;
  std::uint64_t config_reloads_ = 0;
  std::uint64_t config_reload_failures_ = 0;
  std::uint64_t certificate_reloads_ = 0;
  std::uint64_t certificate_reload_failures_ = 0;
  std::int64_t certificate_not_after_ = 0;
};

// The HTTPS listener's connection counters and gauges, and log lines dropped by a slow sink.
std::string render_connection_metrics(const ConnectionStats& stats, std::uint64_t log_dropped);

}  // namespace jobwarden::webhook
