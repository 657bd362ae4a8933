#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

// OpenSSL types, declared here so that only tls_reloader.cpp includes OpenSSL headers.
typedef struct ssl_ctx_st SSL_CTX;

namespace jobwarden::webhook {

// What identifies a version of a file: stat() (following symlinks, as kubelet swaps a `..data`
// symlink) device, inode, size and modification time.
struct FileStamp {
  bool exists = false;
  std::uint64_t device = 0;
  std::uint64_t inode = 0;
  std::int64_t size = 0;
  std::int64_t mtime_ns = 0;
  friend bool operator==(const FileStamp&, const FileStamp&) = default;
};
FileStamp stamp_file(const std::string& path);

// Serves the current certificate/key pair to every new TLS connection and swaps it when the
// files change. A new pair is used only if both files parse and the key matches the certificate;
// otherwise the old pair stays. Connections in flight keep the pair they started with.
class TlsReloader {
 public:
  TlsReloader(std::string cert_path, std::string key_path);
  ~TlsReloader();
  TlsReloader(const TlsReloader&) = delete;
  TlsReloader& operator=(const TlsReloader&) = delete;

  // Loads the pair now. Returns an error message (naming the file) on failure.
  std::optional<std::string> load();
  // Reloads when either file's stamp changed since the last attempt. Returns nullopt when nothing
  // changed, "" after a successful reload, or the error (the old pair is kept).
  std::optional<std::string> reload_if_changed();
  bool loaded() const;

  // Sets up a server context: TLS 1.2 or later, ALPN "http/1.1", certificate chosen per
  // connection from the current pair. Returns false when OpenSSL refuses a setting.
  bool configure(SSL_CTX& ctx);

  // The serving certificate's serial number as upper-case hex, "" when none is loaded.
  std::string serial_hex() const;
  // notAfter of the serving certificate, seconds since the epoch (0 when none).
  std::int64_t not_after() const;

  struct Pair;  // certificate, chain, key (OpenSSL objects)

 private:
  std::string cert_path_;
  std::string key_path_;
  FileStamp cert_stamp_;
  FileStamp key_stamp_;
  std::atomic<std::shared_ptr<const Pair>> current_;
};

}  // namespace jobwarden::webhook
