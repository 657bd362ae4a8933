#include "webhook/tls_policy.hpp"

#include <algorithm>

#include <openssl/err.h>
#include <openssl/ssl.h>

namespace jobwarden::webhook {

namespace {

struct Suite {
  const char* go_name;
  const char* openssl_name;
  bool tls13;
};

// ECDHE (forward secrecy) + AEAD only, as Mozilla's intermediate profile.
constexpr Suite kAllowed[] = {
    {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256", false},
    {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256", false},
    {"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "ECDHE-ECDSA-AES256-GCM-SHA384", false},
    {"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384", false},
    {"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305", false},
    {"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-RSA-CHACHA20-POLY1305", false},
    {"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305", "ECDHE-ECDSA-CHACHA20-POLY1305", false},
    {"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305", "ECDHE-RSA-CHACHA20-POLY1305", false},
    {"TLS_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256", true},
    {"TLS_AES_256_GCM_SHA384", "TLS_AES_256_GCM_SHA384", true},
    {"TLS_CHACHA20_POLY1305_SHA256", "TLS_CHACHA20_POLY1305_SHA256", true},
};

// Go's other names, refused: no forward secrecy (RSA key exchange) or no AEAD (CBC, RC4, 3DES).
constexpr const char* kWeak[] = {
    "TLS_RSA_WITH_RC4_128_SHA",
    "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
    "TLS_RSA_WITH_AES_128_CBC_SHA",
    "TLS_RSA_WITH_AES_256_CBC_SHA",
    "TLS_RSA_WITH_AES_128_CBC_SHA256",
    "TLS_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA",
    "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
    "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
    "TLS_ECDHE_RSA_WITH_RC4_128_SHA",
    "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA",
    "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
    "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
    "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
};

constexpr const char* kIntermediate =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) {
    if (!out.empty()) out += ':';
    out += name;
  }
  return out;
}

}  // namespace

std::optional<std::string> parse_tls_min_version(std::string_view text, TlsPolicy& policy) {
  if (text == "VersionTLS12") {
    policy.tls13_only = false;
    return std::nullopt;
  }
  if (text == "VersionTLS13") {
    policy.tls13_only = true;
    return std::nullopt;
  }
  if (text == "VersionTLS10" || text == "VersionTLS11") {
    return "--tls-min-version: " + std::string(text) +
           " is not allowed: TLS 1.0 and 1.1 are deprecated (RFC 8996); use VersionTLS12 or "
           "VersionTLS13";
  }
  return "--tls-min-version: expected VersionTLS12 or VersionTLS13, got \"" + std::string(text) +
         "\"";
}

std::optional<std::string> parse_tls_cipher_suites(std::string_view text, TlsPolicy& policy) {
  policy.tls12_suites.clear();
  policy.tls13_suites.clear();
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    std::string_view name = text.substr(0, comma);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    if (name.empty()) continue;
    const Suite* found = nullptr;
    for (const Suite& suite : kAllowed) {
      if (name == suite.go_name) found = &suite;
    }
    if (found != nullptr) {
      auto& list = found->tls13 ? policy.tls13_suites : policy.tls12_suites;
      if (std::find(list.begin(), list.end(), found->openssl_name) == list.end()) {
        list.emplace_back(found->openssl_name);
      }
      continue;
    }
    for (const char* weak : kWeak) {
      if (name == weak) {
        return "--tls-cipher-suites: " + std::string(name) +
               " is not allowed: only ECDHE key exchange with AEAD ciphers (GCM, "
               "ChaCha20-Poly1305)";
      }
    }
    return "--tls-cipher-suites: unknown cipher suite \"" + std::string(name) + "\"";
  }
  return std::nullopt;
}

std::vector<std::string> allowed_cipher_suite_names() {
  std::vector<std::string> out;
  for (const Suite& suite : kAllowed) out.emplace_back(suite.go_name);
  return out;
}

std::optional<std::string> apply_tls_policy(const TlsPolicy& policy, SSL_CTX& ctx) {
  const int min_version = policy.tls13_only ? TLS1_3_VERSION : TLS1_2_VERSION;
  if (SSL_CTX_set_min_proto_version(&ctx, min_version) != 1) {
    return std::string("OpenSSL refuses the minimum TLS version");
  }
  // Only TLS 1.3 suites given: TLS 1.2 gets none, so it cannot be negotiated.
  const bool tls12_off = policy.tls12_suites.empty() && !policy.tls13_suites.empty();
  if (tls12_off && SSL_CTX_set_min_proto_version(&ctx, TLS1_3_VERSION) != 1) {
    return std::string("OpenSSL refuses TLS 1.3 only");
  }
  const std::string tls12 = policy.tls12_suites.empty() ? kIntermediate : join(policy.tls12_suites);
  if (SSL_CTX_set_cipher_list(&ctx, tls12.c_str()) != 1) {
    ERR_clear_error();
    return "OpenSSL refuses the cipher list " + tls12;
  }
  if (!policy.tls13_suites.empty() &&
      SSL_CTX_set_ciphersuites(&ctx, join(policy.tls13_suites).c_str()) != 1) {
    ERR_clear_error();
    return "OpenSSL refuses the TLS 1.3 suites " + join(policy.tls13_suites);
  }
  return std::nullopt;
}

}  // namespace jobwarden::webhook
