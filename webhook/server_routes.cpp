// The HTTP routes of both listeners, and the answers to requests that cannot be framed.
#include <string>

#include "webhook/http_router.hpp"
#include "webhook/server.hpp"

namespace jobwarden::webhook {

namespace {

std::optional<Endpoint> endpoint_of(std::string_view target) {
  const std::string_view path = target.substr(0, target.find('?'));
  if (path == "/validate") return Endpoint::validate;
  if (path == "/mutate") return Endpoint::mutate;
  return std::nullopt;
}

constexpr const char* kText = "text/plain; charset=utf-8";

}  // namespace

std::string Server::reject_framing(const FrameError& error, const std::string& target) {
  const std::string reason = truncate_text(error.reason, kMaxReasonChars);
  if (auto endpoint = endpoint_of(target)) {
    metrics_.observe_request(std::string(to_string(*endpoint)), "error", error.status, 0);
    log({{"level", "warning"},
         {"msg", "bad request"},
         {"endpoint", to_string(*endpoint)},
         {"code", error.status},
         {"reason", reason}});
  } else {
    log({{"level", "debug"}, {"msg", "bad request"}, {"code", error.status}, {"reason", reason}});
  }
  return plain_http_response(error.status, reason + "\n", true);
}

void Server::install_routes() {
  routes_ = std::make_unique<HttpRouter>();
  HttpRouter& https = *routes_;
  https.set_keep_alive_max_count(1u << 30);
  https.set_keep_alive_timeout(
      std::chrono::duration_cast<std::chrono::seconds>(options_.connections.idle_timeout).count());
  https.set_payload_max_length(kMaxBodyBytes);
  // Replies with a body (every admission reply) are left alone, as the direct path
  // (HttpRouter::post_direct) writes them.
  https.set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        std::string reason;
        if (res.status == 413) {
          reason = "request body is larger than the limit of " + std::to_string(kMaxBodyBytes) +
                   " bytes";
        } else if (res.status == 404) {
          reason = "not found: " + truncate_text(req.path, 200);
        } else {
          reason = "HTTP " + std::to_string(res.status);
        }
        res.set_content(sanitize_text(reason) + "\n", kText);
        return httplib::Server::HandlerResponse::Handled;
      }));

  auto admission = [this](Endpoint endpoint) {
    // `?timeout=10s` is the API server's deadline; answers take well under a millisecond,
    // so it needs no handling beyond being accepted.
    return [this, endpoint](std::string_view content_type, std::string_view body) {
      return handle(endpoint, content_type, body);
    };
  };
  https.post_direct("/validate", admission(Endpoint::validate));
  https.post_direct("/mutate", admission(Endpoint::mutate));
  https.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("ok\n", kText);
  });
  https.Get("/readyz", [this](const httplib::Request&, httplib::Response& res) {
    const bool ready = policy_.load() != nullptr && tls_.loaded() && !draining_;
    res.status = ready ? 200 : 503;
    res.set_content(ready ? "ok\n" : "not ready\n", kText);
  });

  metrics_routes_ = std::make_unique<HttpRouter>();
  HttpRouter& plain = *metrics_routes_;
  plain.set_keep_alive_max_count(1u << 30);
  plain.set_payload_max_length(4096);
  plain.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
    std::string text = metrics_.render();
    text += render_connection_metrics(https_ ? https_->stats() : ConnectionStats{},
                                      log_sink_.dropped());
    res.set_content(text, "text/plain; version=0.0.4; charset=utf-8");
  });
  plain.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("ok\n", kText);
  });
}

}  // namespace jobwarden::webhook
