#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands/commands.hpp"
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
    "  --threads N              worker threads (default: sized for many keep-alive connections)\n"
    "  -h, --help               show this help\n";

}  // namespace

int serve_command(const std::vector<std::string>& args, Io& io) {
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
  flags.number("--threads", options.threads, 1, 4096);
  if (auto exit = flags.parse(args, io)) return *exit;
  if (options.cert_path.empty()) return flags.usage_error(io, "--tls-cert is required");
  if (options.key_path.empty()) return flags.usage_error(io, "--tls-key is required");
  return webhook::serve(std::move(options), grace, io.out, io.err);
}

}  // namespace jobwarden::cli
