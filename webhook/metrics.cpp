#include "webhook/metrics.hpp"

#include <cstdio>
#include <sstream>

namespace jobwarden::webhook {

namespace {

std::string escape_label(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string number(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  return buffer;
}

}  // namespace

void Metrics::observe_request(const std::string& endpoint, const std::string& decision, int code,
                              double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{endpoint, decision, code}];
  Histogram& histogram = latency_[endpoint];
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++histogram.buckets[i];
  }
  ++histogram.count;
  histogram.sum += seconds;
}

void Metrics::count_findings(const std::vector<core::Finding>& findings) {
  if (findings.empty()) return;
  std::lock_guard lock(mutex_);
  for (const auto& finding : findings) {
    ++findings_[{finding.rule_id, std::string(core::to_string(finding.severity))}];
  }
}

void Metrics::count_config_reload(bool ok) {
  std::lock_guard lock(mutex_);
  ++(ok ? config_reloads_ : config_reload_failures_);
}

void Metrics::count_certificate_reload(bool ok) {
  std::lock_guard lock(mutex_);
  ++(ok ? certificate_reloads_ : certificate_reload_failures_);
}

void Metrics::set_certificate_not_after(std::int64_t seconds) {
  std::lock_guard lock(mutex_);
  certificate_not_after_ = seconds;
}

std::string Metrics::render() const {
  std::lock_guard lock(mutex_);
  std::ostringstream out;
  out << "# HELP jobwarden_admission_requests_total Admission requests by endpoint, decision and "
         "HTTP status code.\n"
         "# TYPE jobwarden_admission_requests_total counter\n";
  for (const auto& [key, value] : requests_) {
    const auto& [endpoint, decision, code] = key;
    out << "jobwarden_admission_requests_total{endpoint=\"" << escape_label(endpoint)
        << "\",decision=\"" << escape_label(decision) << "\",code=\"" << code << "\"} " << value
        << "\n";
  }
  out << "# HELP jobwarden_admission_request_duration_seconds Time to answer an admission "
         "request.\n"
         "# TYPE jobwarden_admission_request_duration_seconds histogram\n";
  for (const auto& [endpoint, histogram] : latency_) {
    const std::string label = "endpoint=\"" + escape_label(endpoint) + "\"";
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      out << "jobwarden_admission_request_duration_seconds_bucket{" << label << ",le=\""
          << number(kBuckets[i]) << "\"} " << histogram.buckets[i] << "\n";
    }
    out << "jobwarden_admission_request_duration_seconds_bucket{" << label << ",le=\"+Inf\"} "
        << histogram.count << "\n";
    out << "jobwarden_admission_request_duration_seconds_sum{" << label << "} "
        << number(histogram.sum) << "\n";
    out << "jobwarden_admission_request_duration_seconds_count{" << label << "} " << histogram.count
        << "\n";
  }
  out << "# HELP jobwarden_findings_total Findings reported by /validate, by rule and severity.\n"
         "# TYPE jobwarden_findings_total counter\n";
  for (const auto& [key, value] : findings_) {
    out << "jobwarden_findings_total{rule=\"" << escape_label(key.first) << "\",severity=\""
        << escape_label(key.second) << "\"} " << value << "\n";
  }
  out << "# HELP jobwarden_config_reloads_total Successful configuration reloads.\n"
         "# TYPE jobwarden_config_reloads_total counter\n"
         "jobwarden_config_reloads_total "
      << config_reloads_
      << "\n"
         "# HELP jobwarden_config_reload_failures_total Configuration reloads rejected (the old "
         "configuration stays).\n"
         "# TYPE jobwarden_config_reload_failures_total counter\n"
         "jobwarden_config_reload_failures_total "
      << config_reload_failures_
      << "\n"
         "# HELP jobwarden_certificate_reloads_total Successful serving certificate reloads.\n"
         "# TYPE jobwarden_certificate_reloads_total counter\n"
         "jobwarden_certificate_reloads_total "
      << certificate_reloads_
      << "\n"
         "# HELP jobwarden_certificate_reload_failures_total Certificate reloads rejected (the "
         "old pair stays).\n"
         "# TYPE jobwarden_certificate_reload_failures_total counter\n"
         "jobwarden_certificate_reload_failures_total "
      << certificate_reload_failures_
      << "\n"
         "# HELP jobwarden_certificate_not_after_seconds Expiry of the serving certificate, "
         "seconds since the epoch.\n"
         "# TYPE jobwarden_certificate_not_after_seconds gauge\n"
         "jobwarden_certificate_not_after_seconds "
      << certificate_not_after_ << "\n";
  return out.str();
}

std::string render_connection_metrics(const ConnectionStats& stats, std::uint64_t log_dropped) {
  std::ostringstream out;
  auto gauge = [&](const char* name, const char* help, std::uint64_t value) {
    out << "# HELP " << name << " " << help << "\n# TYPE " << name << " gauge\n"
        << name << " " << value << "\n";
  };
  auto counter = [&](const char* name, const char* help, std::uint64_t value) {
    out << "# HELP " << name << " " << help << "\n# TYPE " << name << " counter\n"
        << name << " " << value << "\n";
  };
  gauge("jobwarden_connections_open", "Open HTTPS connections.", stats.open);
  gauge("jobwarden_connections_idle", "HTTPS connections waiting for a request.", stats.idle);
  gauge("jobwarden_connections_handshaking", "HTTPS connections in the TLS handshake.",
        stats.handshaking);
  gauge("jobwarden_connections_in_flight",
        "HTTPS connections with a request being read, answered or written.", stats.in_flight);
  counter("jobwarden_connections_accepted_total", "HTTPS connections accepted.", stats.accepted);
  counter("jobwarden_connections_evicted_total",
          "Idle or slow connections closed to stay under the connection limit.", stats.evicted);
  counter("jobwarden_tls_handshake_failures_total", "TLS handshakes that failed.",
          stats.handshake_failures);
  out << "# HELP jobwarden_connections_timed_out_total Connections closed by a deadline, by what "
         "they were waiting for.\n# TYPE jobwarden_connections_timed_out_total counter\n";
  const std::pair<const char*, std::uint64_t> phases[] = {{"handshake", stats.timed_out_handshake},
                                                          {"header", stats.timed_out_header},
                                                          {"body", stats.timed_out_body},
                                                          {"idle", stats.timed_out_idle},
                                                          {"write", stats.timed_out_write}};
  for (const auto& [phase, value] : phases) {
    out << "jobwarden_connections_timed_out_total{phase=\"" << phase << "\"} " << value << "\n";
  }
  counter("jobwarden_log_lines_dropped_total", "Log lines dropped because the log sink was slow.",
          log_dropped);
  return out.str();
}

}  // namespace jobwarden::webhook
