#include "webhook/transport.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include <openssl/err.h>
#include <openssl/ssl.h>

namespace jobwarden::webhook {

Transport::~Transport() {
  if (fd_ >= 0) ::close(fd_);
}

namespace {

class PlainTransport : public Transport {
 public:
  explicit PlainTransport(int fd) : Transport(fd) {}
  IoStatus handshake() override { return IoStatus::ok; }
  IoStatus read(char* buffer, std::size_t capacity, std::size_t& n) override {
    for (;;) {
      const ssize_t got = ::recv(fd_, buffer, capacity, 0);
      if (got > 0) {
        n = static_cast<std::size_t>(got);
        return IoStatus::ok;
      }
      if (got == 0) return IoStatus::closed;
      if (errno == EINTR) continue;
      return errno == EAGAIN || errno == EWOULDBLOCK ? IoStatus::want_read : IoStatus::error;
    }
  }
  IoStatus write(const char* data, std::size_t size, std::size_t& n) override {
    for (;;) {
      const ssize_t sent = ::send(fd_, data, size, MSG_NOSIGNAL);
      if (sent >= 0) {
        n = static_cast<std::size_t>(sent);
        return IoStatus::ok;
      }
      if (errno == EINTR) continue;
      return errno == EAGAIN || errno == EWOULDBLOCK ? IoStatus::want_write : IoStatus::error;
    }
  }
};

class TlsTransport : public Transport {
 public:
  TlsTransport(SSL* ssl, int fd) : Transport(fd), ssl_(ssl) {}
  ~TlsTransport() override { SSL_free(ssl_); }

  IoStatus handshake() override { return status(SSL_do_handshake(ssl_)); }
  IoStatus read(char* buffer, std::size_t capacity, std::size_t& n) override {
    const IoStatus result = status(SSL_read_ex(ssl_, buffer, capacity, &n));
    return result;
  }
  IoStatus write(const char* data, std::size_t size, std::size_t& n) override {
    return status(SSL_write_ex(ssl_, data, size, &n));
  }
  void shutdown() override {
    if (SSL_is_init_finished(ssl_)) SSL_shutdown(ssl_);
    ERR_clear_error();
  }
  void release_buffers() override { SSL_free_buffers(ssl_); }  // 0 (kept) while in use

 private:
  IoStatus status(int ret) {
    if (ret == 1) return IoStatus::ok;
    const int error = SSL_get_error(ssl_, ret);
    ERR_clear_error();  // the error queue is per thread; leave nothing for the next connection
    switch (error) {
      case SSL_ERROR_WANT_READ:
        return IoStatus::want_read;
      case SSL_ERROR_WANT_WRITE:
        return IoStatus::want_write;
      case SSL_ERROR_ZERO_RETURN:
        return IoStatus::closed;
      default:
        return IoStatus::error;
    }
  }
  SSL* ssl_;
};

}  // namespace

std::unique_ptr<Transport> Transport::plain(int fd) {
  return std::unique_ptr<Transport>(new PlainTransport(fd));
}

std::unique_ptr<Transport> Transport::tls(SSL_CTX* ctx, int fd) {
  SSL* ssl = SSL_new(ctx);
  if (ssl == nullptr || SSL_set_fd(ssl, fd) != 1) {
    if (ssl != nullptr) SSL_free(ssl);
    ERR_clear_error();
    ::close(fd);
    return nullptr;
  }
  SSL_set_accept_state(ssl);
  // A retried write may pass a moved buffer; partial writes report progress instead of blocking.
  // Not SSL_MODE_RELEASE_BUFFERS: it frees and allocates both 16 KiB record buffers on every
  // request (about 20 k instructions per review, with the malloc consolidations the large blocks
  // set off); the loop releases them once a connection has been idle for a second instead.
  SSL_set_mode(ssl, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  return std::unique_ptr<Transport>(new TlsTransport(ssl, fd));
}

}  // namespace jobwarden::webhook
