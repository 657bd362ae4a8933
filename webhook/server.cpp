#include "webhook/server.hpp"

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <iostream>
#include <set>

#include "rules/core/json_pointer.hpp"
#include "rules/engine/config.hpp"

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
  const unsigned cpus = std::max(1u, std::thread::hardware_concurrency());
  // Every keep-alive connection holds a worker while it is open (cpp-httplib 0.11), so size for
  // connections, not for CPUs.
  return std::max<std::size_t>(64, 16u * cpus);
}

std::optional<Endpoint> endpoint_of(const std::string& path) {
  if (path == "/validate") return Endpoint::validate;
  if (path == "/mutate") return Endpoint::mutate;
  return std::nullopt;
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
      log_(options_.log != nullptr ? options_.log : &std::cerr),
      tls_(options_.cert_path, options_.key_path) {}

Server::~Server() {
  shutdown(std::chrono::seconds(30));
  if (https_thread_.joinable()) https_thread_.join();
  if (metrics_thread_.joinable()) metrics_thread_.join();
  if (watcher_.joinable()) watcher_.join();
}

void Server::log(json line) {
  line["time"] = now_rfc3339();  // keys print sorted, wherever it is set
  std::string text = line.dump(-1, ' ', false, json::error_handler_t::replace);
  std::lock_guard lock(log_mutex_);
  *log_ << text << '\n';
  log_->flush();
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
    log({{"level", "warning"},
         {"msg", "bad request"},
         {"endpoint", endpoint_name},
         {"code", status},
         {"reason", reason}});
    return finish(plain(status, reason), "error");
  };

  if (media_type(content_type) != "application/json") {
    return reject(
        415, "Content-Type must be application/json, got \"" + sanitize_text(content_type) + "\"");
  }
  DecodeResult decoded = decode_review_text(body);
  if (decoded.error) return reject(decoded.error->http_status, decoded.error->reason);
  const AdmissionRequest& request = *decoded.request;

  std::shared_ptr<const Policy> policy = policy_.load();
  Decision decision = review(endpoint, request, *policy);
  std::string text = encode_response(request.api_version, decision.response)
                         .dump(-1, ' ', false, json::error_handler_t::replace);

  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (endpoint == Endpoint::validate) metrics_.count_findings(decision.findings);
  std::set<std::string> rules;
  for (const auto& finding : decision.findings) rules.insert(finding.rule_id);
  std::string name = string_at(request.object, "/metadata/name");
  if (name.empty()) name = request.name;
  std::string kind = request.kind.kind;
  if (kind.empty()) kind = string_at(request.object, "/kind");
  json line = {{"level", "info"},
               {"msg", "admission"},
               {"endpoint", endpoint_name},
               {"uid", request.uid},
               {"operation", request.operation},
               {"kind", kind},
               {"namespace", request.namespace_name},
               {"name", name},
               {"dry_run", request.dry_run},
               {"decision", decision.outcome},
               {"rules", rules},
               {"latency_ms", seconds * 1000.0}};
  if (!decision.denied_by.empty()) line["denied_by"] = decision.denied_by;
  if (!decision.skip_reason.empty()) line["skip_reason"] = decision.skip_reason;
  if (policy->config.webhook.mode == core::WebhookMode::audit && !rules.empty()) {
    line["audit"] = true;
  }
  log(std::move(line));
  return finish(HttpReply{200, "application/json", std::move(text)}, decision.outcome);
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

  https_ =
      std::make_unique<httplib::SSLServer>([this](SSL_CTX& ctx) { return tls_.configure(ctx); });
  if (!https_->is_valid()) return std::string("cannot set up the TLS context");
  const std::size_t threads = options_.threads > 0 ? options_.threads : default_threads();
  https_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  https_->set_tcp_nodelay(true);
  https_->set_keep_alive_max_count(10000);
  https_->set_keep_alive_timeout(options_.keep_alive_seconds);
  https_->set_read_timeout(options_.read_timeout_seconds, 0);
  https_->set_write_timeout(options_.write_timeout_seconds, 0);
  https_->set_payload_max_length(kMaxBodyBytes);

  // Requests in flight: from the parsed request line and headers to the written response.
  https_->set_pre_routing_handler([this](const httplib::Request&, httplib::Response&) {
    ++in_flight_;
    return httplib::Server::HandlerResponse::Unhandled;
  });
  https_->set_logger([this](const httplib::Request&, const httplib::Response&) { --in_flight_; });
  https_->set_error_handler(httplib::Server::HandlerWithResponse([this](const httplib::Request& req,
                                                                        httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    std::string reason;
    if (res.status == 413) {
      reason =
          "request body is larger than the limit of " + std::to_string(kMaxBodyBytes) + " bytes";
      if (auto endpoint = endpoint_of(req.path)) {
        metrics_.observe_request(std::string(to_string(*endpoint)), "error", 413, 0);
        log({{"level", "warning"},
             {"msg", "bad request"},
             {"endpoint", to_string(*endpoint)},
             {"code", 413},
             {"reason", reason}});
      }
    } else if (res.status == 404) {
      reason = "not found: " + req.path;
    } else {
      reason = "HTTP " + std::to_string(res.status);
    }
    res.set_content(sanitize_text(reason) + "\n", "text/plain; charset=utf-8");
    return httplib::Server::HandlerResponse::Handled;
  }));

  auto admission = [this](Endpoint endpoint) {
    return [this, endpoint](const httplib::Request& req, httplib::Response& res) {
      // `?timeout=10s` is the API server's deadline; answers take well under a millisecond,
      // so it needs no handling beyond being accepted.
      HttpReply reply = handle(endpoint, req.get_header_value("Content-Type"), req.body);
      res.status = reply.status;
      res.set_content(reply.body, reply.content_type.c_str());
    };
  };
  https_->Post("/validate", admission(Endpoint::validate));
  https_->Post("/mutate", admission(Endpoint::mutate));
  https_->Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("ok\n", "text/plain; charset=utf-8");
  });
  https_->Get("/readyz", [this](const httplib::Request&, httplib::Response& res) {
    const bool ready = policy_.load() != nullptr && tls_.loaded() && !draining_;
    res.status = ready ? 200 : 503;
    res.set_content(ready ? "ok\n" : "not ready\n", "text/plain; charset=utf-8");
  });

  if (options_.port == 0) {
    port_ = https_->bind_to_any_port(options_.host);
    if (port_ <= 0) return "cannot listen on " + options_.host + ":0";
  } else {
    if (!https_->bind_to_port(options_.host, options_.port)) {
      return "cannot listen on " + options_.host + ":" + std::to_string(options_.port);
    }
    port_ = options_.port;
  }

  if (options_.metrics_port >= 0) {
    metrics_server_ = std::make_unique<httplib::Server>();
    metrics_server_->new_task_queue = [] { return new httplib::ThreadPool(4); };
    metrics_server_->set_tcp_nodelay(true);
    metrics_server_->set_keep_alive_timeout(5);
    metrics_server_->Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content(metrics_.render(), "text/plain; version=0.0.4; charset=utf-8");
    });
    metrics_server_->Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("ok\n", "text/plain; charset=utf-8");
    });
    if (options_.metrics_port == 0) {
      metrics_port_ = metrics_server_->bind_to_any_port(options_.metrics_host);
      if (metrics_port_ <= 0) {
        https_.reset();
        return "cannot listen on " + options_.metrics_host + ":0";
      }
    } else {
      if (!metrics_server_->bind_to_port(options_.metrics_host, options_.metrics_port)) {
        https_.reset();
        return "cannot listen on " + options_.metrics_host + ":" +
               std::to_string(options_.metrics_port);
      }
      metrics_port_ = options_.metrics_port;
    }
  }

  started_ = true;
  https_thread_ = std::thread([this] {
    https_->listen_after_bind();
    https_done_ = true;
  });
  if (metrics_server_) {
    metrics_thread_ = std::thread([this] { metrics_server_->listen_after_bind(); });
  }
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
       {"version", JOBWARDEN_VERSION}});
  return std::nullopt;
}

bool Server::shutdown(std::chrono::milliseconds grace) {
  if (!started_ || shut_down_) return https_done_;
  shut_down_ = true;
  const auto deadline = Clock::now() + grace;
  draining_ = true;
  log({{"level", "info"}, {"msg", "shutting down"}, {"in_flight", in_flight_.load()}});
  https_->stop();  // closes the listening socket: no new connections
  while (in_flight_.load() > 0 && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  const std::size_t unfinished = in_flight_.load();
  {
    std::lock_guard lock(stop_mutex_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  if (watcher_.joinable()) watcher_.join();
  if (metrics_server_) {
    metrics_server_->stop();
    if (metrics_thread_.joinable()) metrics_thread_.join();
  }
  // Workers parked in a keep-alive wait notice the closed listener only after their next request
  // or the keep-alive timeout; give them until the deadline.
  while (!https_done_ && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (https_done_ && https_thread_.joinable()) https_thread_.join();
  log({{"level", "info"},
       {"msg", "stopped"},
       {"unfinished_requests", unfinished},
       {"idle_connections_left", !https_done_.load()}});
  return https_done_;
}

}  // namespace jobwarden::webhook
