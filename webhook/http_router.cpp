#include "webhook/http_router.hpp"

#include <algorithm>
#include <cstring>

namespace jobwarden::webhook {

namespace {

// One request in memory in, the response bytes out.
class MemoryStream : public httplib::Stream {
 public:
  MemoryStream(const std::string& head, const std::string& body, const std::string& peer,
               std::string& out)
      : head_(head), body_(body), peer_(peer), out_(out) {}

  bool is_readable() const override { return offset_ < head_.size() + body_.size(); }
  bool is_writable() const override { return true; }
  ssize_t read(char* ptr, size_t size) override {
    std::size_t copied = 0;
    while (copied < size && offset_ < head_.size() + body_.size()) {
      const bool in_head = offset_ < head_.size();
      const std::string& part = in_head ? head_ : body_;
      const std::size_t at = in_head ? offset_ : offset_ - head_.size();
      const std::size_t n = std::min(size - copied, part.size() - at);
      std::memcpy(ptr + copied, part.data() + at, n);
      copied += n;
      offset_ += n;
    }
    return static_cast<ssize_t>(copied);
  }
  ssize_t write(const char* ptr, size_t size) override {
    out_.append(ptr, size);
    return static_cast<ssize_t>(size);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = peer_;
    port = 0;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip.clear();
    port = 0;
  }
  socket_t socket() const override { return INVALID_SOCKET; }

 private:
  const std::string& head_;
  const std::string& body_;
  const std::string& peer_;
  std::string& out_;
  std::size_t offset_ = 0;
};

}  // namespace

std::string HttpRouter::process(const std::string& head, const std::string& body,
                                const std::string& peer, bool& close) {
  std::string out;
  MemoryStream stream(head, body, peer, out);
  bool closed = false;
  const bool ok = process_request(stream, close, closed, [](httplib::Request&) {});
  close = close || closed || !ok;
  return out;
}

}  // namespace jobwarden::webhook
