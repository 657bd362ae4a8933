#include "tests/webhook/tls_support.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace jobwarden::testing {

namespace {

void must(const std::string& command) {
  std::string output;
  int status = run_command(command, &output);
  if (status != 0) {
    throw std::runtime_error("command failed (" + std::to_string(status) + "): " + command + "\n" +
                             output);
  }
}

std::string quote(const std::string& path) {
  return "'" + path + "'";
}

}  // namespace

void make_ca(const std::string& dir) {
  const std::string key = dir + "/ca.key";
  const std::string crt = dir + "/ca.crt";
  if (std::filesystem::exists(crt)) return;
  must(
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 "
      "-subj /CN=jobwarden-test-ca -keyout " +
      quote(key) + " -out " + quote(crt));
}

void make_serving_cert(const std::string& dir, const std::string& name, const std::string& serial) {
  make_ca(dir);
  const std::string base = dir + "/" + name;
  write_file(base + ".ext", std::string("subjectAltName=DNS:") + kServiceHost +
                                "\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n");
  must("openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=" +
       std::string(kServiceHost) + " -keyout " + quote(base + ".key") + " -out " +
       quote(base + ".csr"));
  must("openssl x509 -req -in " + quote(base + ".csr") + " -CA " + quote(dir + "/ca.crt") +
       " -CAkey " + quote(dir + "/ca.key") + " -set_serial 0x" + serial + " -days 2 -extfile " +
       quote(base + ".ext") + " -out " + quote(base + ".crt"));
}

TlsClient::TlsClient(std::string ca_file, std::string server_name)
    : ca_file_(std::move(ca_file)), server_name_(std::move(server_name)) {
  ctx_ = SSL_CTX_new(TLS_client_method());
  SSL_CTX_set_min_proto_version(ctx_, TLS1_2_VERSION);
  SSL_CTX_set_verify(ctx_, SSL_VERIFY_PEER, nullptr);
  if (SSL_CTX_load_verify_locations(ctx_, ca_file_.c_str(), nullptr) != 1) {
    throw std::runtime_error("cannot load CA " + ca_file_);
  }
  static const unsigned char kAlpn[] = "\x08http/1.1";
  SSL_CTX_set_alpn_protos(ctx_, kAlpn, sizeof kAlpn - 1);
}

TlsClient::~TlsClient() {
  close();
  SSL_CTX_free(ctx_);
}

void TlsClient::close() {
  if (ssl_ != nullptr) {
    SSL_shutdown(ssl_);
    SSL_free(ssl_);
    ssl_ = nullptr;
  }
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  buffer_.clear();
}

namespace {

int connect_loopback(int port, std::string& error) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) {
    error = "socket failed";
    return -1;
  }
  timeval timeout{10, 0};  // bounds every read and write
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    error = "connect failed";
    ::close(fd);
    return -1;
  }
  return fd;
}

std::string lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// Parses a response out of `buffer` once complete; returns false when more bytes are needed.
bool parse_response(std::string& buffer, HttpResponse& response, bool& malformed) {
  auto end = buffer.find("\r\n\r\n");
  if (end == std::string::npos) return false;
  std::istringstream head(buffer.substr(0, end));
  std::string line;
  std::getline(head, line);
  if (line.rfind("HTTP/1.1 ", 0) != 0 || line.size() < 12) {
    malformed = true;
    return true;
  }
  response.status = std::atoi(line.c_str() + 9);
  while (std::getline(head, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    response.headers[lower(line.substr(0, colon))] = value;
  }
  std::size_t length = 0;
  if (auto it = response.headers.find("content-length"); it != response.headers.end()) {
    length = std::strtoull(it->second.c_str(), nullptr, 10);
  }
  if (buffer.size() < end + 4 + length) return false;
  response.body = buffer.substr(end + 4, length);
  buffer.erase(0, end + 4 + length);
  return true;
}

}  // namespace

std::optional<std::string> TlsClient::connect(int port) {
  close();
  port_ = port;
  std::string error;
  fd_ = connect_loopback(port, error);
  if (fd_ < 0) return error;
  ssl_ = SSL_new(ctx_);
  SSL_set_fd(ssl_, fd_);
  SSL_set_tlsext_host_name(ssl_, server_name_.c_str());
  SSL_set1_host(ssl_, server_name_.c_str());
  ERR_clear_error();
  if (SSL_connect(ssl_) != 1) {
    char text[256] = "handshake failed";
    if (unsigned long code = ERR_get_error()) ERR_error_string_n(code, text, sizeof text);
    long verify = SSL_get_verify_result(ssl_);
    close();
    return std::string(text) + " (verify: " + X509_verify_cert_error_string(verify) + ")";
  }
  return std::nullopt;
}

bool TlsClient::send_raw(std::string_view bytes) {
  while (!bytes.empty()) {
    int n = SSL_write(ssl_, bytes.data(),
                      static_cast<int>(std::min<std::size_t>(bytes.size(), 1 << 20)));
    if (n <= 0) {
      error_ = "write failed";
      close();
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

bool TlsClient::readable(int timeout_ms) {
  if (ssl_ == nullptr) return false;
  if (SSL_pending(ssl_) > 0 || !buffer_.empty()) return true;
  pollfd entry{fd_, POLLIN, 0};
  if (::poll(&entry, 1, timeout_ms) <= 0) return false;
  // Bytes on the socket may be TLS records without application data (TLS 1.3 session tickets):
  // read without blocking and keep what is application data.
  const int flags = ::fcntl(fd_, F_GETFL);
  ::fcntl(fd_, F_SETFL, flags | O_NONBLOCK);
  char chunk[16384];
  const int n = SSL_read(ssl_, chunk, sizeof chunk);
  const int error = n > 0 ? SSL_ERROR_NONE : SSL_get_error(ssl_, n);
  ::fcntl(fd_, F_SETFL, flags);
  ERR_clear_error();
  if (n > 0) buffer_.append(chunk, static_cast<std::size_t>(n));
  // An error or the end of the stream is also "readable": read_response() reports it.
  return n > 0 || (error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE);
}

std::optional<HttpResponse> TlsClient::read_response() {
  HttpResponse response;
  bool malformed = false;
  char chunk[16384];
  while (!parse_response(buffer_, response, malformed)) {
    int n = SSL_read(ssl_, chunk, sizeof chunk);
    if (n <= 0) {
      error_ = "connection closed before a complete response";
      close();
      return std::nullopt;
    }
    buffer_.append(chunk, static_cast<std::size_t>(n));
  }
  if (malformed) {
    error_ = "malformed response";
    close();
    return std::nullopt;
  }
  if (auto it = response.headers.find("connection");
      it != response.headers.end() && lower(it->second) == "close") {
    close();
  }
  return response;
}

std::optional<HttpResponse> TlsClient::request(const std::string& method, const std::string& target,
                                               const std::string& content_type,
                                               std::string_view body) {
  error_.clear();
  if (ssl_ == nullptr) {
    if (auto error = connect(port_)) {
      error_ = *error;
      return std::nullopt;
    }
  }
  std::string head =
      method + " " + target + " HTTP/1.1\r\nHost: " + server_name_ +
      "\r\nAccept: application/json, */*\r\nUser-Agent: kube-apiserver-admission\r\n";
  if (!content_type.empty()) head += "Content-Type: " + content_type + "\r\n";
  if (method == "POST") head += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  head += "\r\n";
  if (!send_raw(head) || !send_raw(body)) return std::nullopt;
  return read_response();
}

std::string TlsClient::peer_serial() const {
  if (ssl_ == nullptr) return {};
  X509* cert = SSL_get1_peer_certificate(ssl_);
  if (cert == nullptr) return {};
  BIGNUM* number = ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr);
  char* hex = BN_bn2hex(number);
  std::string out = hex;
  OPENSSL_free(hex);
  BN_free(number);
  X509_free(cert);
  return out;
}

std::string TlsClient::alpn() const {
  if (ssl_ == nullptr) return {};
  const unsigned char* data = nullptr;
  unsigned int length = 0;
  SSL_get0_alpn_selected(ssl_, &data, &length);
  return std::string(reinterpret_cast<const char*>(data), length);
}

std::optional<HttpResponse> http_get(int port, const std::string& target) {
  std::string error;
  int fd = connect_loopback(port, error);
  if (fd < 0) return std::nullopt;
  std::string request =
      "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) !=
      static_cast<ssize_t>(request.size())) {
    ::close(fd);
    return std::nullopt;
  }
  std::string buffer;
  char chunk[16384];
  HttpResponse response;
  bool malformed = false;
  while (!parse_response(buffer, response, malformed)) {
    ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) {
      ::close(fd);
      return std::nullopt;
    }
    buffer.append(chunk, static_cast<std::size_t>(n));
  }
  ::close(fd);
  if (malformed) return std::nullopt;
  return response;
}

}  // namespace jobwarden::testing
