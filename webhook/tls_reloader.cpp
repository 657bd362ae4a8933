#include "webhook/tls_reloader.hpp"

#include <sys/stat.h>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "rules/core/file_reader.hpp"
#include "rules/core/load_limits.hpp"

namespace jobwarden::webhook {

FileStamp stamp_file(const std::string& path) {
  FileStamp stamp;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return stamp;
  stamp.exists = true;
  stamp.device = static_cast<std::uint64_t>(st.st_dev);
  stamp.inode = static_cast<std::uint64_t>(st.st_ino);
  stamp.size = static_cast<std::int64_t>(st.st_size);
  stamp.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 +
                   static_cast<std::int64_t>(st.st_mtim.tv_nsec);
  return stamp;
}

struct TlsReloader::Pair {
  X509* cert = nullptr;
  STACK_OF(X509) * chain = nullptr;
  EVP_PKEY* key = nullptr;
  Pair() = default;
  Pair(const Pair&) = delete;
  Pair& operator=(const Pair&) = delete;
  ~Pair() {
    if (cert != nullptr) X509_free(cert);
    if (chain != nullptr) sk_X509_pop_free(chain, X509_free);
    if (key != nullptr) EVP_PKEY_free(key);
  }
};

namespace {

std::string openssl_error() {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "no details";
  char buffer[256];
  ERR_error_string_n(code, buffer, sizeof buffer);
  return buffer;
}

struct BioDeleter {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
using BioPtr = std::unique_ptr<BIO, BioDeleter>;

BioPtr memory_bio(const std::string& text) {
  return BioPtr(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

// Loads and checks a pair; on failure `error` names the file and the reason.
std::shared_ptr<const TlsReloader::Pair> load_pair(const std::string& cert_path,
                                                   const std::string& key_path,
                                                   std::string& error) {
  const core::FileRead cert_file = core::read_file(cert_path, core::LoadLimits{}.max_file_bytes);
  if (cert_file.error) {
    error = cert_path + ": cannot read the certificate";
    return nullptr;
  }
  const core::FileRead key_file = core::read_file(key_path, core::LoadLimits{}.max_file_bytes);
  if (key_file.error) {
    error = key_path + ": cannot read the private key";
    return nullptr;
  }
  const std::string& cert_text = cert_file.text;
  const std::string& key_text = key_file.text;
  auto pair = std::make_shared<TlsReloader::Pair>();
  ERR_clear_error();
  BioPtr cert_bio = memory_bio(cert_text);
  pair->cert = PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr);
  if (pair->cert == nullptr) {
    error = cert_path + ": no PEM certificate (" + openssl_error() + ")";
    return nullptr;
  }
  pair->chain = sk_X509_new_null();
  while (X509* extra = PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr)) {
    sk_X509_push(pair->chain, extra);
  }
  ERR_clear_error();  // the loop ends with a "no start line" error
  BioPtr key_bio = memory_bio(key_text);
  pair->key = PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr);
  if (pair->key == nullptr) {
    error = key_path + ": no PEM private key (" + openssl_error() + ")";
    return nullptr;
  }
  if (X509_check_private_key(pair->cert, pair->key) != 1) {
    error = key_path + ": the private key does not match the certificate in " + cert_path;
    ERR_clear_error();
    return nullptr;
  }
  return pair;
}

int select_alpn(SSL*, const unsigned char** out, unsigned char* out_length, const unsigned char* in,
                unsigned int in_length, void*) {
  // Client list: length-prefixed protocol names. Only HTTP/1.1 is spoken here.
  static const unsigned char kHttp11[] = {'h', 't', 't', 'p', '/', '1', '.', '1'};
  for (unsigned int i = 0; i < in_length;) {
    unsigned int length = in[i];
    if (i + 1 + length > in_length) break;
    if (length == sizeof kHttp11 && std::equal(kHttp11, kHttp11 + length, in + i + 1)) {
      *out = in + i + 1;
      *out_length = static_cast<unsigned char>(length);
      return SSL_TLSEXT_ERR_OK;
    }
    i += 1 + length;
  }
  return SSL_TLSEXT_ERR_NOACK;  // no ALPN in the answer; the client decides
}

}  // namespace

TlsReloader::TlsReloader(std::string cert_path, std::string key_path)
    : cert_path_(std::move(cert_path)), key_path_(std::move(key_path)) {}

TlsReloader::~TlsReloader() = default;

std::optional<std::string> TlsReloader::load() {
  FileStamp cert_stamp = stamp_file(cert_path_);
  FileStamp key_stamp = stamp_file(key_path_);
  std::string error;
  auto pair = load_pair(cert_path_, key_path_, error);
  // Remember what was tried, so a bad pair is not retried until a file changes again.
  cert_stamp_ = cert_stamp;
  key_stamp_ = key_stamp;
  if (!pair) return error;
  current_.store(std::move(pair));
  return std::nullopt;
}

std::optional<std::string> TlsReloader::reload_if_changed() {
  if (stamp_file(cert_path_) == cert_stamp_ && stamp_file(key_path_) == key_stamp_) {
    return std::nullopt;
  }
  auto error = load();
  return error ? *error : std::string();
}

bool TlsReloader::loaded() const {
  return current_.load() != nullptr;
}

bool TlsReloader::configure(SSL_CTX& ctx) {
  if (SSL_CTX_set_min_proto_version(&ctx, TLS1_2_VERSION) != 1) return false;
  SSL_CTX_set_options(
      &ctx, SSL_OP_NO_COMPRESSION | SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_RENEGOTIATION);
  SSL_CTX_set_alpn_select_cb(&ctx, select_alpn, nullptr);
  SSL_CTX_set_cert_cb(
      &ctx,
      [](SSL* ssl, void* arg) -> int {
        auto* self = static_cast<TlsReloader*>(arg);
        std::shared_ptr<const Pair> pair = self->current_.load();
        if (!pair) return 0;
        // SSL_use_cert_and_key takes its own references: a later swap cannot free them under
        // this connection.
        return SSL_use_cert_and_key(ssl, pair->cert, pair->key, pair->chain, 1) == 1 ? 1 : 0;
      },
      this);
  return true;
}

std::string TlsReloader::serial_hex() const {
  auto pair = current_.load();
  if (!pair) return {};
  const ASN1_INTEGER* serial = X509_get0_serialNumber(pair->cert);
  BIGNUM* number = ASN1_INTEGER_to_BN(serial, nullptr);
  if (number == nullptr) return {};
  char* hex = BN_bn2hex(number);
  std::string out = hex != nullptr ? hex : "";
  OPENSSL_free(hex);
  BN_free(number);
  return out;
}

std::int64_t TlsReloader::not_after() const {
  auto pair = current_.load();
  if (!pair) return 0;
  struct tm tm {};
  if (ASN1_TIME_to_tm(X509_get0_notAfter(pair->cert), &tm) != 1) return 0;
  return static_cast<std::int64_t>(timegm(&tm));
}

}  // namespace jobwarden::webhook
