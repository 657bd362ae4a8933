#include "webhook/serve.hpp"

#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "webhook/server.hpp"

namespace jobwarden::webhook {

namespace {

constexpr const char* kUsage =
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

int usage_error(std::ostream& err, const std::string& message) {
  err << "jobwarden serve: " << message << "\n\n" << kUsage;
  return 2;
}

}  // namespace

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::size_t i = 0;
  double value = 0;
  bool digits = false;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    value = value * 10 + (text[i] - '0');
    ++i;
    digits = true;
  }
  if (i < text.size() && text[i] == '.') {
    ++i;
    double scale = 0.1;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      value += (text[i] - '0') * scale;
      scale /= 10;
      ++i;
      digits = true;
    }
  }
  if (!digits) return std::nullopt;
  std::string_view unit = text.substr(i);
  double millis = 0;
  if (unit == "ms") {
    millis = value;
  } else if (unit == "s") {
    millis = value * 1000;
  } else if (unit == "m") {
    millis = value * 60'000;
  } else {
    return std::nullopt;
  }
  if (millis > 24.0 * 3600 * 1000) return std::nullopt;
  return std::chrono::milliseconds(static_cast<long long>(millis));
}

int serve_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  ServerOptions options;  // its defaults: ports 8443 and 9090
  std::chrono::milliseconds grace{25'000};
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      out << kUsage;
      return 0;
    }
    std::string name = arg;
    std::string value;
    bool has_value = false;
    if (auto eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
      has_value = true;
    }
    static const char* const kFlags[] = {"--tls-cert",       "--tls-key",      "--config",
                                         "--addr",           "--metrics-addr", "--reload-interval",
                                         "--shutdown-grace", "--threads"};
    bool known = false;
    for (const char* flag : kFlags) known = known || name == flag;
    if (!known) {
      if (!arg.empty() && arg.front() == '-') return usage_error(err, "unknown option " + arg);
      return usage_error(err, "unexpected argument " + arg);
    }
    if (!has_value) {
      if (i + 1 >= args.size()) return usage_error(err, name + " needs a value");
      value = args[++i];
    }
    if (name == "--tls-cert") {
      options.cert_path = value;
    } else if (name == "--tls-key") {
      options.key_path = value;
    } else if (name == "--config") {
      options.config_path = value;
    } else if (name == "--addr") {
      if (!parse_address(value, options.host, options.port)) {
        return usage_error(err, "--addr: expected HOST:PORT, got \"" + value + "\"");
      }
    } else if (name == "--metrics-addr") {
      if (value == "off") {
        options.metrics_port = -1;
      } else if (!parse_address(value, options.metrics_host, options.metrics_port)) {
        return usage_error(err, "--metrics-addr: expected HOST:PORT or off, got \"" + value + "\"");
      }
    } else if (name == "--reload-interval" || name == "--shutdown-grace") {
      auto duration = parse_duration(value);
      if (!duration || (name == "--reload-interval" && duration->count() <= 0)) {
        return usage_error(err,
                           name + ": expected a duration like 1s or 500ms, got \"" + value + "\"");
      }
      (name == "--reload-interval" ? options.reload_interval : grace) = *duration;
    } else if (name == "--threads") {
      char* end = nullptr;
      long threads = std::strtol(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || threads < 1 || threads > 4096) {
        return usage_error(err,
                           "--threads: expected a number from 1 to 4096, got \"" + value + "\"");
      }
      options.threads = static_cast<std::size_t>(threads);
    }
  }
  if (options.cert_path.empty()) return usage_error(err, "--tls-cert is required");
  if (options.key_path.empty()) return usage_error(err, "--tls-key is required");

  // Signals are taken by sigwait() below; every thread started from here on inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  // A client that disconnects mid-response must not kill the process.
  signal(SIGPIPE, SIG_IGN);

  options.log = &err;
  Server server(options);
  if (auto error = server.start()) {
    err << "jobwarden serve: " << *error << "\n";
    return 1;
  }
  int received = 0;
  sigwait(&signals, &received);
  server.log({{"level", "info"},
              {"msg", "signal received"},
              {"signal", received == SIGTERM ? "SIGTERM" : "SIGINT"}});
  if (!server.shutdown(grace)) {
    // Only idle keep-alive connections are left (cpp-httplib notices the closed listener at their
    // next request or after the keep-alive timeout); every request has been answered.
    out.flush();
    err.flush();
    std::fflush(nullptr);
    std::_Exit(0);
  }
  return 0;
}

}  // namespace jobwarden::webhook
