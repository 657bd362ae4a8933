#pragma once

// Test support for the webhook: certificates made with the `openssl` CLI,
// and a small OpenSSL HTTP/1.1 client that calls the server the way the kube-apiserver does
// (verifies the chain against the test CA, SNI + hostname jobwarden.jobwarden.svc, ALPN http/1.1,
// keep-alive).

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "tests/support/scratch.hpp"

typedef struct ssl_st SSL;
typedef struct ssl_ctx_st SSL_CTX;

namespace jobwarden::testing {

inline constexpr const char* kServiceHost = "jobwarden.jobwarden.svc";

// Writes ca.crt/ca.key into `dir` (once per dir).
void make_ca(const std::string& dir);
// Writes <name>.crt/<name>.key signed by the CA in `dir`, DNS SAN kServiceHost, the given serial
// (hex without 0x).
void make_serving_cert(const std::string& dir, const std::string& name, const std::string& serial);

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  nlohmann::json json() const { return nlohmann::json::parse(body); }
};

class TlsClient {
 public:
  // Verifies against `ca_file`; server name kServiceHost.
  explicit TlsClient(std::string ca_file, std::string server_name = kServiceHost);
  ~TlsClient();
  TlsClient(const TlsClient&) = delete;
  TlsClient& operator=(const TlsClient&) = delete;

  // Connects (TCP + TLS handshake) to 127.0.0.1:port. Returns an error message on failure.
  std::optional<std::string> connect(int port);
  bool connected() const { return ssl_ != nullptr; }
  void close();

  // Sends one request on the current connection (connecting first when needed) and reads the
  // response. nullopt (and `error()`) on any transport failure; the connection is closed then.
  std::optional<HttpResponse> request(const std::string& method, const std::string& target,
                                      const std::string& content_type, std::string_view body);
  std::optional<HttpResponse> post(const std::string& target, std::string_view body,
                                   const std::string& content_type = "application/json") {
    return request("POST", target, content_type, body);
  }
  // Sends raw bytes (to write a request slowly); false on failure.
  bool send_raw(std::string_view bytes);
  // True when response bytes wait (decrypted or on the socket), within `timeout_ms`.
  bool readable(int timeout_ms);
  int fd() const { return fd_; }
  // Reads one response after send_raw().
  std::optional<HttpResponse> read_response();

  const std::string& error() const { return error_; }
  std::string peer_serial() const;  // serial of the server certificate, upper-case hex
  std::string alpn() const;         // negotiated protocol
  int port() const { return port_; }

 private:
  std::string ca_file_;
  std::string server_name_;
  SSL_CTX* ctx_ = nullptr;
  SSL* ssl_ = nullptr;
  int fd_ = -1;
  int port_ = 0;
  std::string buffer_;
  std::string error_;
};

// Plain HTTP GET on 127.0.0.1 (for /metrics); nullopt on failure.
std::optional<HttpResponse> http_get(int port, const std::string& target);

}  // namespace jobwarden::testing
