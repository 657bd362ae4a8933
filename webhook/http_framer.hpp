#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

// Incremental HTTP/1.1 request framing: finds where each request ends in a byte stream, with
// every size bounded while reading. It does no routing; the complete request it returns is
// re-emitted in a normalised form (head with a Content-Length, de-chunked body) for the HTTP
// layer (cpp-httplib) to parse. Pure code: no sockets, fuzzed (tests/fuzz/).
namespace jobwarden::webhook {

struct FramerLimits {
  std::size_t max_head_bytes = 32 * 1024;  // request line + headers (+ chunked trailers)
  std::size_t max_headers = 100;           // header lines (+ trailer lines)
  std::size_t max_body_bytes = 3u * 1024 * 1024;
};

// A request whose framing is known: `head` is the request line and headers as received minus
// Content-Length, Transfer-Encoding, Expect and Connection, plus "Content-Length: <body size>"
// and "Connection: close" when the client asked for it; `body` is de-chunked.
struct FramedRequest {
  std::string head;  // ends with "\r\n\r\n"
  std::string body;
  std::string method;
  std::string target;
  bool close = false;  // the client asked to close after the response (or spoke HTTP/1.0)
};

// Why a request cannot be read; the connection gets `status` with `reason`, then is closed.
struct FrameError {
  int status = 400;
  std::string reason;
};

class RequestFramer {
 public:
  enum class State { need_more, complete, error };

  explicit RequestFramer(FramerLimits limits = {}) : limits_(limits) {}

  // Appends received bytes and frames as far as possible. Bytes after a complete request are kept
  // (pipelining) and framed after take().
  State feed(std::string_view bytes);
  State state() const { return state_; }
  // Takes the complete request and starts framing the next one from the bytes already received.
  FramedRequest take();
  const FrameError& error() const { return error_; }

  // Any byte of a request received (after the previous one was taken)?
  bool started() const { return started_; }
  bool head_done() const { return phase_ != Phase::head; }
  // The head said "Expect: 100-continue" and the body has not been read yet.
  bool wants_continue() const { return expect_continue_ && phase_ != Phase::head && !continued_; }
  void continue_sent() { continued_ = true; }
  // The request target, once the request line was read ("" before).
  const std::string& target() const { return request_.target; }
  // Frees the input buffer's memory while no request has started (an idle keep-alive
  // connection keeps it at the size of its largest request otherwise); it grows again on use.
  void release_memory();
  // Bytes held (buffered input + body so far).
  std::size_t buffered() const { return buffer_.size() - offset_ + request_.body.size(); }

 private:
  enum class Phase { head, body_length, chunk_size, chunk_data, chunk_data_end, trailers, done };
  State run();
  State fail(int status, std::string reason);
  // Next line (without CR LF) from buffer_; nullopt when incomplete. `limit` bounds its length.
  std::optional<std::string_view> next_line(std::size_t limit, bool& too_long);
  // The same for a header or trailer line, within what is left of max_head_bytes.
  std::optional<std::string_view> next_head_line(bool& too_long);
  // Keeps the unread bytes and waits for more input.
  State need_more();
  State head_too_large();
  State too_many_headers();
  bool header_line(std::string_view line);
  bool request_line(std::string_view line);
  State head_complete();

  FramerLimits limits_;
  State state_ = State::need_more;
  Phase phase_ = Phase::head;
  std::string buffer_;
  std::size_t offset_ = 0;  // consumed prefix of buffer_
  FrameError error_;
  FramedRequest request_;
  std::size_t head_bytes_ = 0;
  std::size_t header_count_ = 0;
  bool have_request_line_ = false;
  bool started_ = false;
  std::optional<std::size_t> content_length_;
  bool chunked_ = false;
  bool expect_continue_ = false;
  bool continued_ = false;
  bool keep_alive_requested_ = false;
  bool http10_ = false;
  std::size_t remaining_ = 0;  // of the body or of the current chunk
};

// "HTTP/1.1 <status> <reason phrase>" + plain-text body + Connection: close.
std::string plain_http_response(int status, std::string_view body, bool close);
std::string_view reason_phrase(int status);
// Header names and tokens compare case-insensitively; values are trimmed of blanks (' ', '\t').
bool iequals(std::string_view a, std::string_view b);
std::string_view trim(std::string_view text);

}  // namespace jobwarden::webhook
