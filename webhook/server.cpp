#include "webhook/server.hpp"

#include <openssl/ssl.h>
#include <sys/resource.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <iostream>
#include <set>

#include "rules/core/cpu_count.hpp"
#include "rules/core/json_pointer.hpp"
#include "rules/core/kube_version.hpp"
#include "rules/engine/config.hpp"
#include "webhook/http_router.hpp"

namespace jobwarden::webhook {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

std::string now_rfc3339() {
  auto now = std::chrono::system_clock::now();
  std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()) % 1000;
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[40];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03dZ", buffer, static_cast<int>(millis.count()));
  return out;
}

// "application/json; charset=utf-8" -> "application/json".
std::string media_type(std::string_view content_type) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && std::isspace(static_cast<unsigned char>(type.front()))) {
    type.remove_prefix(1);
  }
  while (!type.empty() && std::isspace(static_cast<unsigned char>(type.back()))) {
    type.remove_suffix(1);
  }
  std::string out(type);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

HttpReply plain(int status, std::string body) {
  return HttpReply{status, "text/plain; charset=utf-8", std::move(body) + "\n"};
}

std::string string_at(const json& object, std::string_view pointer) {
  const json* node = core::find_at(object, pointer);
  return node != nullptr && node->is_string() ? node->get<std::string>() : std::string();
}

std::size_t default_threads() {
  // One event loop per usable CPU (the affinity mask, capped by the pod's CPU limit): each
  // answers its connections' small reviews itself. Connections cost no thread.
  return std::max<std::size_t>(2, core::usable_cpus());
}

// Every logged string is cut to this many code points (a secret in an env value or a 3 MB token
// must not reach the log whole).
constexpr std::size_t kMaxLoggedChars = 256;
constexpr std::size_t kMaxLoggedRules = 32;

std::string bounded(std::string_view text) {
  return truncate_text(text, kMaxLoggedChars);
}

}  // namespace

bool parse_address(std::string_view text, std::string& host, int& port) {
  std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) return false;
  std::string_view host_part = text.substr(0, colon);
  std::string_view port_part = text.substr(colon + 1);
  if (host_part.size() >= 2 && host_part.front() == '[' && host_part.back() == ']') {
    host_part = host_part.substr(1, host_part.size() - 2);
  } else if (host_part.find(':') != std::string_view::npos) {
    return false;  // IPv6 needs brackets
  }
  if (port_part.empty() || port_part.size() > 5) return false;
  int value = 0;
  for (char c : port_part) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  if (value > 65535) return false;
  host = host_part.empty() ? "0.0.0.0" : std::string(host_part);
  port = value;
  return true;
}

Server::Server(ServerOptions options)
    : options_(std::move(options)),
      log_sink_(options_.log != nullptr ? options_.log : &std::cerr),
      decision_sampler_(options_.decision_logs_per_second),
      tls_(options_.cert_path, options_.key_path) {}

Server::~Server() {
  shutdown(std::chrono::seconds(30));
  if (watcher_.joinable()) watcher_.join();
  https_.reset();
  metrics_server_.reset();
  if (ssl_ctx_ != nullptr) SSL_CTX_free(ssl_ctx_);
}

void Server::log(json line) {
  LogLevel level = LogLevel::info;
  if (auto it = line.find("level"); it != line.end() && it->is_string()) {
    parse_log_level(it->get<std::string>(), level);
  }
  if (level < options_.log_level) return;
  line["time"] = now_rfc3339();  // keys print sorted, wherever it is set
  log_sink_.write(line.dump(-1, ' ', false, json::error_handler_t::replace));
}

std::size_t Server::in_flight() const {
  return https_ ? https_->stats().in_flight : 0;
}

ConnectionStats Server::connection_stats() const {
  return https_ ? https_->stats() : ConnectionStats{};
}

HttpReply Server::handle(Endpoint endpoint, std::string_view content_type, std::string_view body) {
  const auto start = Clock::now();
  const std::string endpoint_name(to_string(endpoint));
  auto finish = [&](HttpReply reply, const std::string& decision) {
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    metrics_.observe_request(endpoint_name, decision, reply.status, seconds);
    return reply;
  };
  auto reject = [&](int status, const std::string& reason) {
    // Reasons quote at most a short excerpt of the input; cut again in case one grew.
    const std::string text = truncate_text(reason, kMaxReasonChars);
    log({{"level", "warning"},
         {"msg", "bad request"},
         {"endpoint", endpoint_name},
         {"code", status},
         {"reason", bounded(text)}});
    return finish(plain(status, text), "error");
  };

  if (media_type(content_type) != "application/json") {
    return reject(415, "Content-Type must be application/json, got \"" +
                           truncate_text(content_type, 64) + "\"");
  }
  DecodeResult decoded = decode_review_text(body);
  if (decoded.error) return reject(decoded.error->http_status, decoded.error->reason);
  const AdmissionRequest& request = *decoded.request;

  std::shared_ptr<const Policy> policy = policy_.load();
  Decision decision = review(endpoint, request, *policy);
  std::string text = encode_response(request.api_version, decision.response);

  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (endpoint == Endpoint::validate) metrics_.count_findings(decision.findings);
  log_decision(endpoint, request, decision, seconds);
  return finish(HttpReply{200, "application/json", std::move(text)}, decision.outcome);
}

// One line per decision: denied or warned at info, allowed (no findings) at debug. Every field is
// bounded; under load, lines beyond decision_logs_per_second are counted, not written.
void Server::log_decision(Endpoint endpoint, const AdmissionRequest& request,
                          const Decision& decision, double seconds) {
  const bool notable = decision.outcome == "deny" || decision.outcome == "patch" ||
                       !decision.response.warnings.empty();
  const LogLevel level = notable ? LogLevel::info : LogLevel::debug;
  if (level < options_.log_level) return;
  std::uint64_t suppressed = 0;
  if (!decision_sampler_.admit(suppressed)) return;
  std::set<std::string> rules;
  for (const auto& finding : decision.findings) {
    if (rules.size() >= kMaxLoggedRules) break;
    rules.insert(finding.rule_id);
  }
  std::string name = string_at(request.object, "/metadata/name");
  if (name.empty()) name = request.name;
  std::string kind = request.kind.kind;
  if (kind.empty()) kind = string_at(request.object, "/kind");
  json line = {{"level", to_string(level)},
               {"msg", "admission"},
               {"endpoint", to_string(endpoint)},
               {"uid", bounded(request.uid)},
               {"operation", bounded(request.operation)},
               {"kind", bounded(kind)},
               {"namespace", bounded(request.namespace_name)},
               {"name", bounded(name)},
               {"dry_run", request.dry_run},
               {"decision", decision.outcome},
               {"rules", rules},
               {"latency_ms", seconds * 1000.0}};
  if (!decision.denied_by.empty()) {
    std::set<std::string> denied;
    for (const auto& id : decision.denied_by) {
      if (denied.size() >= kMaxLoggedRules) break;
      denied.insert(id);
    }
    line["denied_by"] = std::vector<std::string>(denied.begin(), denied.end());
  }
  if (!decision.skip_reason.empty()) line["skip_reason"] = bounded(decision.skip_reason);
  if (policy_.load()->config.webhook.mode == core::WebhookMode::audit && !rules.empty()) {
    line["audit"] = true;
  }
  if (suppressed > 0) line["sampled_out_before"] = suppressed;
  log(std::move(line));
}

void Server::reload_now() {
  if (auto result = tls_.reload_if_changed()) {
    const bool ok = result->empty();
    metrics_.count_certificate_reload(ok);
    if (ok) {
      metrics_.set_certificate_not_after(tls_.not_after());
      log({{"level", "info"}, {"msg", "certificate reloaded"}, {"serial", tls_.serial_hex()}});
    } else {
      log({{"level", "error"},
           {"msg", "certificate reload failed; keeping the previous certificate"},
           {"error", *result}});
    }
  }
  if (options_.config_path.empty()) return;
  FileStamp stamp = stamp_file(options_.config_path);
  if (stamp == config_stamp_) return;
  config_stamp_ = stamp;
  core::ConfigResult loaded = core::load_config_file(options_.config_path);
  if (loaded.error) {
    metrics_.count_config_reload(false);
    log({{"level", "error"},
         {"msg", "config reload failed; keeping the previous config"},
         {"error", loaded.error->display()}});
    return;
  }
  policy_.store(std::make_shared<const Policy>(std::move(loaded.config)));
  metrics_.count_config_reload(true);
  log({{"level", "info"}, {"msg", "config reloaded"}, {"path", options_.config_path}});
}

void Server::watch_loop() {
  std::unique_lock lock(stop_mutex_);
  while (!stopping_) {
    stop_cv_.wait_for(lock, options_.reload_interval, [this] { return stopping_; });
    if (stopping_) break;
    lock.unlock();
    reload_now();
    lock.lock();
  }
}

std::size_t raise_open_files_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
    ::getrlimit(RLIMIT_NOFILE, &limit);
  }
  return static_cast<std::size_t>(limit.rlim_cur);
}

std::optional<std::string> Server::start() {
  if (started_) return std::string("server already started");
  // Config first: it names the listeners' behaviour.
  if (options_.config_path.empty()) {
    policy_.store(std::make_shared<const Policy>(core::Config{}));
  } else {
    config_stamp_ = stamp_file(options_.config_path);
    core::ConfigResult loaded = core::load_config_file(options_.config_path);
    if (loaded.error) return "invalid config: " + loaded.error->display();
    policy_.store(std::make_shared<const Policy>(std::move(loaded.config)));
  }
  if (auto error = tls_.load()) return "cannot load the TLS certificate: " + *error;
  metrics_.set_certificate_not_after(tls_.not_after());

  ssl_ctx_ = SSL_CTX_new(TLS_server_method());
  if (ssl_ctx_ == nullptr || !tls_.configure(*ssl_ctx_)) {
    return std::string("cannot set up the TLS context");
  }
  if (auto error = apply_tls_policy(options_.tls, *ssl_ctx_)) return *error;

  const std::size_t open_files = raise_open_files_limit();
  ConnectionLimits limits = options_.connections;
  limits.framing.max_body_bytes = kMaxBodyBytes;
  // Keep descriptors for the metrics listener, files and the log.
  if (open_files > 128 && limits.max_connections > open_files - 128) {
    limits.max_connections = open_files - 128;
  }
  install_routes();
  const std::size_t threads = options_.threads > 0 ? options_.threads : default_threads();
  https_ = std::make_unique<ConnectionLoop>(
      ssl_ctx_, limits, threads,
      [this](const FramedRequest& request, const std::string& peer, bool& close) {
        return routes_->process(request, peer, close);
      },
      [this](const FrameError& error, const std::string& target) {
        return reject_framing(error, target);
      });
  if (auto error = https_->bind(options_.host, options_.port)) return *error;
  port_ = https_->port();

  if (options_.metrics_port >= 0) {
    // Scrapers need little: a few connections, short deadlines, one worker.
    ConnectionLimits metrics_limits;
    metrics_limits.max_connections = 64;
    metrics_limits.header_timeout = std::chrono::seconds(5);
    metrics_limits.body_timeout = std::chrono::seconds(5);
    metrics_limits.idle_timeout = std::chrono::seconds(30);
    metrics_limits.framing.max_body_bytes = 4096;
    metrics_server_ = std::make_unique<ConnectionLoop>(
        nullptr, metrics_limits, 1,
        [this](const FramedRequest& request, const std::string& peer, bool& close) {
          return metrics_routes_->process(request, peer, close);
        },
        [](const FrameError& error, const std::string&) {
          return plain_http_response(error.status, error.reason + "\n", true);
        });
    if (auto error = metrics_server_->bind(options_.metrics_host, options_.metrics_port)) {
      https_.reset();
      return *error;
    }
    metrics_port_ = metrics_server_->port();
  }

  started_ = true;
  https_->start();
  if (metrics_server_) metrics_server_->start();
  watcher_ = std::thread([this] { watch_loop(); });
  auto policy = policy_.load();
  log({{"level", "info"},
       {"msg", "starting"},
       {"addr", options_.host + ":" + std::to_string(port_)},
       {"metrics_addr", metrics_server_
                            ? options_.metrics_host + ":" + std::to_string(metrics_port_)
                            : std::string()},
       {"config", policy->config.path},
       {"certificate_serial", tls_.serial_hex()},
       {"threads", threads},
       {"max_connections", limits.max_connections},
       {"open_files_limit", open_files},
       {"version", JOBWARDEN_VERSION}});
  // The same note `lint` prints for a target that is not released yet (kubeVersion: 1.38).
  if (const std::string note = core::kube_version_note(policy->config.kube_version);
      !note.empty()) {
    log({{"level", "info"}, {"msg", "note: " + note}});
  }
  return std::nullopt;
}

bool Server::shutdown(std::chrono::milliseconds grace) {
  if (!started_ || shut_down_) return closed_cleanly_;
  shut_down_ = true;
  draining_ = true;  // /readyz: 503 from now on
  log({{"level", "info"},
       {"msg", "shutting down"},
       {"in_flight", in_flight()},
       {"delay_ms", options_.shutdown_delay.count()}});
  if (options_.shutdown_delay.count() > 0) {
    // Endpoints still route here until the readiness probe fails: keep serving meanwhile.
    std::unique_lock lock(stop_mutex_);
    stop_cv_.wait_until(lock, Clock::now() + options_.shutdown_delay, [] { return false; });
  }
  const auto deadline = Clock::now() + grace;
  https_->begin_shutdown();  // listener closed, idle connections closed, the rest after a reply
  closed_cleanly_ = https_->wait_until_closed(deadline);
  const std::size_t unfinished = https_->open_connections();
  https_->stop();
  {
    std::lock_guard lock(stop_mutex_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  if (watcher_.joinable()) watcher_.join();
  if (metrics_server_) metrics_server_->stop();
  log({{"level", "info"}, {"msg", "stopped"}, {"unfinished_connections", unfinished}});
  log_sink_.flush();
  return closed_cleanly_;
}

}  // namespace jobwarden::webhook
