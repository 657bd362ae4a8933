#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

typedef struct ssl_ctx_st SSL_CTX;

// Which TLS versions and cipher suites the server speaks. Names are the ones Kubernetes
// components take in --tls-min-version and --tls-cipher-suites (Go's crypto/tls constant names).
namespace jobwarden::webhook {

struct TlsPolicy {
  bool tls13_only = false;  // --tls-min-version=VersionTLS13
  // OpenSSL names of the TLS 1.2 suites; empty: Mozilla's "intermediate" ECDHE + AEAD list.
  std::vector<std::string> tls12_suites;
  // OpenSSL names of the TLS 1.3 suites; empty: OpenSSL's default (all three AEADs).
  std::vector<std::string> tls13_suites;
};

// "VersionTLS12" or "VersionTLS13"; an error message for anything else.
std::optional<std::string> parse_tls_min_version(std::string_view text, TlsPolicy& policy);
// Comma-separated Kubernetes/Go names. Unknown names and suites without forward secrecy or
// without AEAD (RSA key exchange, CBC, RC4, 3DES) are errors that name the suite.
std::optional<std::string> parse_tls_cipher_suites(std::string_view text, TlsPolicy& policy);
// The names accepted by parse_tls_cipher_suites(), for --help.
std::vector<std::string> allowed_cipher_suite_names();

// Applies versions and suites to a server context; an error message when OpenSSL refuses.
std::optional<std::string> apply_tls_policy(const TlsPolicy& policy, SSL_CTX& ctx);

}  // namespace jobwarden::webhook
