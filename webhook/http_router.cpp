#include "webhook/http_router.hpp"

#include <algorithm>
#include <cstring>
#include <memory>

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

// Bounds of httplib's own parser (CPPHTTPLIB_REQUEST_URI_MAX_LENGTH, CPPHTTPLIB_HEADER_MAX_LENGTH):
// beyond them it answers 414 or 400, so longer heads are left to it.
constexpr std::size_t kDirectMaxHeadBytes = 8192;

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

// httplib's detail::can_compress_content_type (0.11): the responses it gzip/br-compresses.
bool can_compress(const std::string& type) {
  return (type.rfind("text/", 0) == 0 && type != "text/event-stream") || type == "image/svg+xml" ||
         type == "application/javascript" || type == "application/json" ||
         type == "application/xml" || type == "application/xhtml+xml";
}

// What the direct path reads of a request head: the first non-empty value of each header, as
// httplib's parse_header() keeps it (trailing and leading blanks dropped).
struct DirectHead {
  std::string_view content_type;
  std::string_view accept_encoding;
  bool http10 = false;
  bool plain = true;  // nothing httplib would treat specially
};

DirectHead read_head(std::string_view head) {
  DirectHead out;
  std::size_t at = head.find("\r\n");
  out.http10 = head.substr(0, at).ends_with(" HTTP/1.0");
  bool have_type = false;
  bool have_encoding = false;
  while (at != std::string_view::npos && at + 2 < head.size()) {
    const std::size_t begin = at + 2;
    at = head.find("\r\n", begin);
    const std::string_view line = head.substr(begin, at - begin);
    if (line.empty()) break;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view name = line.substr(0, colon);
    const std::string_view value = trim(line.substr(colon + 1));
    if (value.empty()) continue;  // httplib does not keep the header
    // A Range makes httplib answer 206/416, a Content-Encoding makes it decompress the body.
    if (iequals(name, "Range") || iequals(name, "Content-Encoding")) out.plain = false;
    const bool type = !have_type && iequals(name, "Content-Type");
    const bool encoding = !have_encoding && iequals(name, "Accept-Encoding");
    if (!type && !encoding) continue;
    // httplib URL-decodes header values.
    if (value.find('%') != std::string_view::npos) out.plain = false;
    if (type) {
      have_type = true;
      out.content_type = value;
      // httplib parses these bodies itself (and may answer 400 or 413 on its own).
      if (starts_with_ci(value, "multipart/form-data") ||
          starts_with_ci(value, "application/x-www-form-urlencoded")) {
        out.plain = false;
      }
    } else {
      have_encoding = true;
      out.accept_encoding = value;
    }
  }
  return out;
}

// The statuses whose phrase is httplib's too (tests/webhook/direct_route_test.cpp checks each).
bool direct_status(int status) {
  return status >= 200 && reason_phrase(status) != "Error";
}

}  // namespace

void HttpRouter::post_direct(const std::string& path, DirectHandler handler) {
  Post(path, [handler](const httplib::Request& req, httplib::Response& res) {
    HttpReply reply = handler(req.get_header_value("Content-Type"), req.body);
    res.status = reply.status;
    res.set_content(reply.body, reply.content_type.c_str());
  });
  direct_routes_.push_back(DirectRoute{path, std::move(handler)});
}

bool HttpRouter::answer_directly(const FramedRequest& request, bool& close, std::string& out) {
  if (request.method != "POST" || request.head.size() > kDirectMaxHeadBytes ||
      request.body.size() > payload_max_length_) {
    return false;
  }
  const std::string_view target = request.target;
  const std::size_t question = target.find('?');
  // httplib answers 400 to a target with a second '?'.
  if (question != std::string_view::npos && target.find('?', question + 1) != target.npos) {
    return false;
  }
  const std::string_view path = target.substr(0, question);
  const auto route = std::find_if(direct_routes_.begin(), direct_routes_.end(),
                                  [&](const DirectRoute& r) { return r.path == path; });
  if (route == direct_routes_.end()) return false;
  const DirectHead head = read_head(request.head);
  if (!head.plain) return false;
  HttpReply reply;
  try {
    reply = route->handler(head.content_type, request.body);
  } catch (const std::exception&) {
    return false;  // httplib runs the handler again and answers 500 as it does
  }
  if (reply.body.empty() || !direct_status(reply.status) ||
      reply.content_type.find_first_of("\r\n") != std::string::npos) {
    return false;  // none of ours; httplib answers (running the handler again)
  }
  // As httplib: "Connection: close" when asked (the framer adds it to the head) or draining; an
  // HTTP/1.0 connection is closed after the response even when it asked for keep-alive.
  const bool close_header = close || request.close;
  out = write_direct_response(reply, head.accept_encoding, close_header);
  close = close_header || head.http10;
  return true;
}

// The bytes of httplib's Server::write_response_core for a routed reply: status line, headers in
// its (case-insensitive, sorted) map order, body compressed as its apply_ranges() does.
std::string HttpRouter::write_direct_response(const HttpReply& reply,
                                              std::string_view accept_encoding, bool close) const {
  std::string body_storage;
  const std::string* body = &reply.body;
  std::string_view content_encoding;
  if (can_compress(reply.content_type)) {
    std::unique_ptr<httplib::detail::compressor> compressor;
    if (accept_encoding.find("br") != std::string_view::npos) {
      compressor = std::make_unique<httplib::detail::brotli_compressor>();
      content_encoding = "br";
    } else if (accept_encoding.find("gzip") != std::string_view::npos) {
      compressor = std::make_unique<httplib::detail::gzip_compressor>();
      content_encoding = "gzip";
    }
    if (compressor && compressor->compress(reply.body.data(), reply.body.size(), true,
                                           [&](const char* data, std::size_t size) {
                                             body_storage.append(data, size);
                                             return true;
                                           })) {
      body = &body_storage;
    } else {
      content_encoding = {};
    }
  }
  std::string out;
  out.reserve(160 + body->size());
  out += "HTTP/1.1 ";
  out += std::to_string(reply.status);
  out += ' ';
  out += reason_phrase(reply.status);
  out += "\r\n";
  if (close) out += "Connection: close\r\n";
  if (!content_encoding.empty()) {
    out += "Content-Encoding: ";
    out += content_encoding;
    out += "\r\n";
  }
  out += "Content-Length: ";
  out += std::to_string(body->size());
  out += "\r\nContent-Type: ";
  out += reply.content_type;
  out += "\r\n";
  if (!close) {
    out += "Keep-Alive: timeout=";
    out += std::to_string(keep_alive_timeout_sec_);
    out += ", max=";
    out += std::to_string(keep_alive_max_count_);
    out += "\r\n";
  }
  out += "\r\n";
  out += *body;
  return out;
}

std::string HttpRouter::process(const FramedRequest& request, const std::string& peer,
                                bool& close) {
  std::string out;
  if (direct_enabled_.load(std::memory_order_relaxed) && answer_directly(request, close, out))
    return out;
  MemoryStream stream(request.head, request.body, peer, out);
  bool closed = false;
  const bool ok = process_request(stream, close, closed, [](httplib::Request&) {});
  close = close || closed || !ok;
  return out;
}

}  // namespace jobwarden::webhook
