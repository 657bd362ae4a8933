// The TLS policy proven with `openssl s_client` against the real process: an RSA certificate (so
// that RSA key exchange could be chosen at all), weak suites refused, ECDHE + AEAD accepted,
// TLS 1.0/1.1 refused, TLS 1.3 preferred.

#include <catch2/catch.hpp>

#include <string>

#include "tests/support/scratch.hpp"
#include "tests/webhook/serve_process.hpp"
#include "tests/webhook/tls_support.hpp"
#include "webhook/tls_policy.hpp"

using namespace jobwarden::testing;

namespace {

void make_rsa_serving_cert(const std::string& dir) {
  make_ca(dir);
  write_file(dir + "/rsa.ext", std::string("subjectAltName=DNS:") + kServiceHost + "\n");
  const std::string commands =
      "cd '" + dir + "' && openssl req -newkey rsa:2048 -nodes -subj /CN=" + kServiceHost +
      " -keyout tls.key -out tls.csr 2>/dev/null && openssl x509 -req -in tls.csr -CA ca.crt "
      "-CAkey ca.key -set_serial 0x5005 -days 2 -extfile rsa.ext -out tls.crt 2>/dev/null";
  REQUIRE(run_command(commands) == 0);
}

struct Handshake {
  bool ok = false;
  std::string output;
};

// `openssl s_client` with `options`; ok when a session was established.
Handshake s_client(int port, const std::string& options) {
  Handshake result;
  const int status =
      run_command("openssl s_client -connect 127.0.0.1:" + std::to_string(port) + " -servername " +
                      kServiceHost + " " + options + " </dev/null 2>&1",
                  &result.output);
  result.ok = status == 0 && result.output.find("Cipher is (NONE)") == std::string::npos &&
              result.output.find("New, ") != std::string::npos;
  return result;
}

}  // namespace

TEST_CASE("serve TLS policy: openssl s_client against the default flags",
          "[webhook][process][tls]") {
  TempDir temp;
  const std::string dir = temp.path().string();
  make_rsa_serving_cert(dir);
  ServeProcess server(dir);
  REQUIRE(server.started());

  for (const char* weak : {"AES128-SHA", "AES256-GCM-SHA384", "ECDHE-RSA-AES128-SHA",
                           "ECDHE-RSA-AES256-SHA384", "AES128-GCM-SHA256"}) {
    INFO(weak);
    auto result = s_client(server.port(), std::string("-tls1_2 -cipher ") + weak);
    INFO(result.output);
    CHECK(!result.ok);
    CHECK(result.output.find("handshake failure") != std::string::npos);
  }
  for (const char* good : {"ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384",
                           "ECDHE-RSA-CHACHA20-POLY1305"}) {
    INFO(good);
    auto result = s_client(server.port(), std::string("-tls1_2 -cipher ") + good);
    INFO(result.output);
    CHECK(result.ok);
    CHECK(result.output.find(std::string("New, TLSv1.2, Cipher is ") + good) != std::string::npos);
  }
  // The client is willing to speak TLS 1.0/1.1 (security level 0); the server is not.
  for (const char* old : {"-tls1", "-tls1_1"}) {
    INFO(old);
    auto result = s_client(server.port(), std::string(old) + " -cipher DEFAULT:@SECLEVEL=0");
    INFO(result.output);
    CHECK(!result.ok);
    CHECK(result.output.find("alert protocol version") != std::string::npos);
  }
  auto preferred = s_client(server.port(), "");
  INFO(preferred.output);
  CHECK(preferred.ok);
  CHECK(preferred.output.find("New, TLSv1.3, Cipher is TLS_AES_") != std::string::npos);
}

TEST_CASE("serve TLS policy: --tls-min-version and --tls-cipher-suites",
          "[webhook][process][tls]") {
  TempDir temp;
  const std::string dir = temp.path().string();
  make_rsa_serving_cert(dir);
  {
    ServeProcess server(dir, {"--tls-min-version=VersionTLS13"});
    REQUIRE(server.started());
    auto tls12 = s_client(server.port(), "-tls1_2");
    INFO(tls12.output);
    CHECK(!tls12.ok);
    CHECK(s_client(server.port(), "-tls1_3").ok);
  }
  {
    ServeProcess server(dir, {"--tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"});
    REQUIRE(server.started());
    CHECK(!s_client(server.port(), "-tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256").ok);
    auto chosen = s_client(server.port(), "-tls1_2");
    INFO(chosen.output);
    CHECK(chosen.output.find("New, TLSv1.2, Cipher is ECDHE-RSA-AES256-GCM-SHA384") !=
          std::string::npos);
  }
  std::string output;
  const std::string serve = std::string(JOBWARDEN_BINARY) + " serve --tls-cert " + dir +
                            "/tls.crt --tls-key " + dir +
                            "/tls.key --addr 127.0.0.1:0 "
                            "--metrics-addr off ";
  CHECK(run_command(serve + "--tls-cipher-suites=TLS_RSA_WITH_AES_128_CBC_SHA", &output) == 2);
  CHECK(output.find("--tls-cipher-suites: TLS_RSA_WITH_AES_128_CBC_SHA is not allowed: only "
                    "ECDHE key exchange with AEAD ciphers") != std::string::npos);
  CHECK(run_command(serve + "--tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", &output) ==
        2);
  CHECK(run_command(serve + "--tls-cipher-suites=NOT_A_SUITE", &output) == 2);
  CHECK(output.find("unknown cipher suite \"NOT_A_SUITE\"") != std::string::npos);
  CHECK(run_command(serve + "--tls-min-version=VersionTLS11", &output) == 2);
  CHECK(output.find("--tls-min-version: VersionTLS11 is not allowed") != std::string::npos);
}

TEST_CASE("TLS policy: Kubernetes names map to OpenSSL names", "[webhook][tls]") {
  jobwarden::webhook::TlsPolicy policy;
  CHECK(!jobwarden::webhook::parse_tls_cipher_suites(
      "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384", policy));
  CHECK(policy.tls12_suites == std::vector<std::string>{"ECDHE-ECDSA-AES128-GCM-SHA256"});
  CHECK(policy.tls13_suites == std::vector<std::string>{"TLS_AES_256_GCM_SHA384"});
}
