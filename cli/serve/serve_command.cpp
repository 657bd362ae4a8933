#include "cli/serve/serve_command.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "cli/flags.hpp"
#include "webhook/serve.hpp"
#include "webhook/server.hpp"

namespace jobwarden::cli {

namespace {

constexpr const char* kServeUsage =
    "Usage: jobwarden serve --tls-cert FILE --tls-key FILE [options]\n"
    "\n"
    "Runs the admission webhook: POST /validate and /mutate (AdmissionReview v1 and v1beta1)\n"
    "over HTTPS, GET /healthz and /readyz, and GET /metrics on a separate plain-HTTP address.\n"
    "Certificate, key and config files are reloaded when they change.\n"
    "\n"
    "Options:\n"
    "  --tls-cert FILE          serving certificate (PEM; may include the chain)\n"
    "  --tls-key FILE           private key of the certificate (PEM)\n"
    "  --config FILE            .jobwarden.yaml policy (default: built-in defaults)\n"
    "  --addr HOST:PORT         HTTPS address (default 0.0.0.0:8443)\n"
    "  --metrics-addr HOST:PORT plain-HTTP metrics address (default 0.0.0.0:9090; \"off\" to\n"
    "                           disable)\n"
    "  --reload-interval DUR    how often to check the files for changes (default 1s)\n"
    "  --shutdown-grace DUR     on SIGTERM/SIGINT, how long requests in flight may take\n"
    "                           (default 25s)\n"
    "  --shutdown-delay DUR     on SIGTERM/SIGINT, first answer /readyz with 503 and keep\n"
    "                           serving for this long, so that Kubernetes stops routing here\n"
    "                           (default 0s)\n"
    "  --threads N              event loops, each serving its share of the connections and\n"
    "                           answering their requests (default: one per CPU this process\n"
    "                           may use, capped by a container CPU limit, at least 2);\n"
    "                           connections need no thread\n"
    "  --max-connections N      open HTTPS connections; beyond, the oldest idle one is closed\n"
    "                           (default 10000, at most the open-files limit minus 128)\n"
    "  --tls-handshake-timeout DUR  deadline of the TLS handshake (default 5s)\n"
    "  --read-header-timeout DUR    deadline of a request's headers (default 10s)\n"
    "  --read-timeout DUR       deadline of a request's body after its headers (default 10s)\n"
    "  --write-timeout DUR      deadline of writing a response (default 10s)\n"
    "  --idle-timeout DUR       keep-alive connections idle longer are closed (default 60s)\n"
    "  --tls-min-version V      VersionTLS12 (default) or VersionTLS13\n"
    "  --tls-cipher-suites LIST comma-separated TLS 1.2/1.3 suites by their Kubernetes (Go)\n"
    "                           names, e.g. TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256; only ECDHE\n"
    "                           with AEAD is allowed (default: Mozilla's intermediate list)\n"
    "  --log-level LEVEL        debug (also allowed requests), info (denied, warned and patched\n"
    "                           requests; default), warning or error\n"
    "  -h, --help               show this help\n";

}  // namespace

int webhook_serve_command(const std::vector<std::string>& args, Io& io) {
  webhook::ServerOptions options;  // its defaults: ports 8443 and 9090
  std::chrono::milliseconds grace{25'000};
  FlagParser flags(kServeUsage, "jobwarden serve");
  flags.value("--tls-cert", options.cert_path);
  flags.value("--tls-key", options.key_path);
  flags.value("--config", options.config_path);
  flags.value("--addr", [&](const std::string& value) -> std::optional<std::string> {
    if (webhook::parse_address(value, options.host, options.port)) return std::nullopt;
    return "--addr: expected HOST:PORT, got \"" + value + "\"";
  });
  flags.value("--metrics-addr", [&](const std::string& value) -> std::optional<std::string> {
    if (value == "off") {
      options.metrics_port = -1;
      return std::nullopt;
    }
    if (webhook::parse_address(value, options.metrics_host, options.metrics_port)) {
      return std::nullopt;
    }
    return "--metrics-addr: expected HOST:PORT or off, got \"" + value + "\"";
  });
  flags.duration("--reload-interval", options.reload_interval, /*positive=*/true);
  flags.duration("--shutdown-grace", grace);
  flags.duration("--shutdown-delay", options.shutdown_delay);
  flags.number("--threads", options.threads, 1, 4096);
  flags.number("--max-connections", options.connections.max_connections, 1, 1'000'000);
  flags.duration("--tls-handshake-timeout", options.connections.handshake_timeout, true);
  flags.duration("--read-header-timeout", options.connections.header_timeout, true);
  flags.duration("--read-timeout", options.connections.body_timeout, true);
  flags.duration("--write-timeout", options.connections.write_timeout, true);
  flags.duration("--idle-timeout", options.connections.idle_timeout, true);
  flags.value("--tls-min-version", [&](const std::string& value) {
    return webhook::parse_tls_min_version(value, options.tls);
  });
  flags.value("--tls-cipher-suites", [&](const std::string& value) {
    return webhook::parse_tls_cipher_suites(value, options.tls);
  });
  flags.value("--log-level", [&](const std::string& value) -> std::optional<std::string> {
    if (webhook::parse_log_level(value, options.log_level)) return std::nullopt;
    return "--log-level: expected debug, info, warning or error, got \"" + value + "\"";
  });
  if (auto exit = flags.parse(args, io)) return *exit;
  if (options.cert_path.empty()) return flags.usage_error(io, "--tls-cert is required");
  if (options.key_path.empty()) return flags.usage_error(io, "--tls-key is required");
  return webhook::serve(std::move(options), grace, io.out, io.err);
}

}  // namespace jobwarden::cli
