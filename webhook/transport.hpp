#pragma once

#include <cstddef>
#include <memory>

typedef struct ssl_ctx_st SSL_CTX;

// Nonblocking byte transport of one accepted socket: plain TCP or TLS (OpenSSL over the socket).
// Every call returns at once; want_read / want_write say what to wait for.
namespace jobwarden::webhook {

enum class IoStatus { ok, want_read, want_write, closed, error };

class Transport {
 public:
  // Takes ownership of `fd` (nonblocking); closes it on destruction.
  static std::unique_ptr<Transport> plain(int fd);
  // Server side of a TLS connection on `fd`; nullptr when OpenSSL cannot create the session.
  static std::unique_ptr<Transport> tls(SSL_CTX* ctx, int fd);

  virtual ~Transport();
  // Runs the TLS handshake as far as the socket allows (plain: ok at once).
  virtual IoStatus handshake() = 0;
  // ok with n > 0 bytes read; closed on an orderly end of stream.
  virtual IoStatus read(char* buffer, std::size_t capacity, std::size_t& n) = 0;
  // ok with n > 0 bytes written (maybe fewer than size).
  virtual IoStatus write(const char* data, std::size_t size, std::size_t& n) = 0;
  // Best-effort close_notify before the socket is closed.
  virtual void shutdown() {}
  // Frees the TLS record buffers (about 34 KiB) of a connection with nothing in flight; the next
  // read or write allocates them again.
  virtual void release_buffers() {}
  int fd() const { return fd_; }

 protected:
  explicit Transport(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace jobwarden::webhook
