// The webhook's same-stack ceiling for scripts/bench.sh (CMake target baseline_server, built on
// demand): cpp-httplib's SSLServer on OpenSSL, keep-alive and TCP_NODELAY as `jobwarden serve`
// sets them, nlohmann::json parsing each AdmissionReview and answering a fixed "allowed" with
// the request's uid. No rules, no policy: what any webhook on this stack cannot beat.
//   baseline_server CERT KEY PORT
#include <httplib.h>
#include <openssl/ssl.h>

#include <csignal>
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: baseline_server CERT KEY PORT\n");
    return 2;
  }
  httplib::SSLServer server(argv[1], argv[2]);
  if (!server.is_valid()) {
    std::fprintf(stderr, "baseline_server: cannot load %s / %s\n", argv[1], argv[2]);
    return 1;
  }
  SSL_CTX_set_min_proto_version(server.ssl_context(), TLS1_2_VERSION);
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(1u << 30);
  server.set_keep_alive_timeout(60);
  server.set_payload_max_length(3 * 1024 * 1024);
  const auto answer = [](const httplib::Request& request, httplib::Response& response) {
    auto review = nlohmann::json::parse(request.body, nullptr, false);
    if (review.is_discarded() || !review.is_object() || !review.contains("request")) {
      response.status = 400;
      return;
    }
    nlohmann::json reply = {
        {"apiVersion", "admission.k8s.io/v1"},
        {"kind", "AdmissionReview"},
        {"response", {{"uid", review["request"].value("uid", "")}, {"allowed", true}}}};
    response.set_content(reply.dump(), "application/json");
  };
  server.Post("/validate", answer);
  server.Post("/mutate", answer);
  server.Get("/healthz", [](const httplib::Request&, httplib::Response& response) {
    response.set_content("ok", "text/plain");
  });
  std::signal(SIGTERM, [](int) { std::_Exit(0); });
  return server.listen("127.0.0.1", std::stoi(argv[3])) ? 0 : 1;
}
