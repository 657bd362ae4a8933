#include "webhook/http_framer.hpp"

#include <algorithm>
#include <cctype>

namespace jobwarden::webhook {

namespace {

bool is_token_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (std::isalnum(u)) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// A comma-separated header value contains `token` (case-insensitive)?
bool has_token(std::string_view value, std::string_view token) {
  while (!value.empty()) {
    const std::size_t comma = value.find(',');
    if (iequals(trim(value.substr(0, comma)), token)) return true;
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return false;
}

constexpr std::size_t kMaxChunkLine = 1024;

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 404:
      return "Not Found";
    case 408:
      return "Request Timeout";
    case 411:
      return "Length Required";
    case 413:
      return "Payload Too Large";
    case 414:
      return "URI Too Long";
    case 415:
      return "Unsupported Media Type";
    case 431:
      return "Request Header Fields Too Large";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return "Error";
  }
}

std::string plain_http_response(int status, std::string_view body, bool close) {
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason_phrase(status));
  out += "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ";
  out += std::to_string(body.size());
  out += close ? "\r\nConnection: close\r\n\r\n" : "\r\n\r\n";
  out += body;
  return out;
}

RequestFramer::State RequestFramer::feed(std::string_view bytes) {
  if (state_ == State::error) return state_;
  if (!bytes.empty()) {
    buffer_.append(bytes);
  }
  if (state_ == State::complete) return state_;
  return run();
}

FramedRequest RequestFramer::take() {
  FramedRequest out = std::move(request_);
  request_ = FramedRequest{};
  state_ = State::need_more;
  phase_ = Phase::head;
  head_bytes_ = 0;
  header_count_ = 0;
  have_request_line_ = false;
  started_ = false;
  content_length_.reset();
  chunked_ = expect_continue_ = continued_ = keep_alive_requested_ = http10_ = false;
  remaining_ = 0;
  run();
  return out;
}

void RequestFramer::release_memory() {
  if (started_ || offset_ != buffer_.size()) return;
  std::string().swap(buffer_);
  offset_ = 0;
}

RequestFramer::State RequestFramer::fail(int status, std::string reason) {
  error_ = FrameError{status, std::move(reason)};
  state_ = State::error;
  buffer_.clear();
  offset_ = 0;
  request_.body.clear();
  return state_;
}

std::optional<std::string_view> RequestFramer::next_line(std::size_t limit, bool& too_long) {
  too_long = false;
  const std::string_view rest = std::string_view(buffer_).substr(offset_);
  const std::size_t newline = rest.substr(0, std::min(rest.size(), limit + 2)).find('\n');
  if (newline == std::string_view::npos) {
    too_long = rest.size() > limit + 1;
    return std::nullopt;
  }
  std::string_view line = rest.substr(0, newline);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.size() > limit) {
    too_long = true;
    return std::nullopt;
  }
  offset_ += newline + 1;
  return line;
}

bool RequestFramer::request_line(std::string_view line) {
  const std::size_t first = line.find(' ');
  const std::size_t last = line.rfind(' ');
  if (first == std::string_view::npos || first == last) return false;
  const std::string_view method = line.substr(0, first);
  const std::string_view target = line.substr(first + 1, last - first - 1);
  const std::string_view version = line.substr(last + 1);
  if (method.empty() || !std::all_of(method.begin(), method.end(), is_token_char)) return false;
  if (target.empty() || target.find(' ') != std::string_view::npos) return false;
  for (char c : target) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) return false;
  }
  if (version != "HTTP/1.1" && version != "HTTP/1.0") return false;
  http10_ = version == "HTTP/1.0";
  request_.method = std::string(method);
  request_.target = std::string(target);
  request_.head.assign(line);
  request_.head += "\r\n";
  return true;
}

// One header (or trailer) line; false when malformed (error_ set by the caller).
bool RequestFramer::header_line(std::string_view line) {
  const std::size_t colon = line.find(':');
  if (colon == 0 || colon == std::string_view::npos) return false;
  const std::string_view name = line.substr(0, colon);
  if (!std::all_of(name.begin(), name.end(), is_token_char)) return false;
  const std::string_view value = trim(line.substr(colon + 1));
  for (char c : value) {
    if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7F) return false;
  }
  if (phase_ == Phase::trailers) return true;  // trailers are read and dropped
  if (iequals(name, "Content-Length")) {
    if (value.empty() || value.size() > 18 ||
        !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      error_ = {400, "invalid Content-Length"};
      return false;
    }
    const std::size_t length = std::stoull(std::string(value));
    if (content_length_ && *content_length_ != length) {
      error_ = {400, "conflicting Content-Length headers"};
      return false;
    }
    content_length_ = length;
    return true;
  }
  if (iequals(name, "Transfer-Encoding")) {
    if (chunked_ || !iequals(value, "chunked")) {
      error_ = {501, "only Transfer-Encoding: chunked is supported"};
      return false;
    }
    chunked_ = true;
    return true;
  }
  if (iequals(name, "Expect")) {
    expect_continue_ = iequals(value, "100-continue");
    return true;
  }
  if (iequals(name, "Connection")) {
    if (has_token(value, "close")) request_.close = true;
    if (has_token(value, "keep-alive")) keep_alive_requested_ = true;
    return true;
  }
  request_.head.append(line);
  request_.head += "\r\n";
  return true;
}

RequestFramer::State RequestFramer::head_complete() {
  if (http10_ && !keep_alive_requested_) request_.close = true;
  if (chunked_ && content_length_) return fail(400, "both Content-Length and Transfer-Encoding");
  if (content_length_ && *content_length_ > limits_.max_body_bytes) {
    return fail(413, "request body is larger than the limit of " +
                         std::to_string(limits_.max_body_bytes) + " bytes");
  }
  if (!chunked_ && !content_length_ &&
      (request_.method == "POST" || request_.method == "PUT" || request_.method == "PATCH")) {
    return fail(411, "a " + request_.method +
                         " request needs a Content-Length or Transfer-Encoding: chunked");
  }
  if (chunked_) {
    phase_ = Phase::chunk_size;
  } else {
    remaining_ = content_length_.value_or(0);
    request_.body.reserve(remaining_);
    phase_ = Phase::body_length;
  }
  return State::need_more;
}

std::optional<std::string_view> RequestFramer::next_head_line(bool& too_long) {
  const std::size_t before = offset_;
  const std::size_t room =
      limits_.max_head_bytes > head_bytes_ ? limits_.max_head_bytes - head_bytes_ : 0;
  auto line = next_line(room, too_long);
  if (line) head_bytes_ += offset_ - before;
  return line;
}

RequestFramer::State RequestFramer::need_more() {
  buffer_.erase(0, offset_);
  offset_ = 0;
  return state_;
}

RequestFramer::State RequestFramer::head_too_large() {
  return fail(
      431, "request headers are larger than " + std::to_string(limits_.max_head_bytes) + " bytes");
}

RequestFramer::State RequestFramer::too_many_headers() {
  return fail(431, "more than " + std::to_string(limits_.max_headers) + " request headers");
}

RequestFramer::State RequestFramer::run() {
  bool too_long = false;
  for (;;) {
    switch (phase_) {
      case Phase::head: {
        if (offset_ < buffer_.size()) started_ = true;
        auto line = next_head_line(too_long);
        if (!line) {
          if (!too_long) return need_more();
          if (!have_request_line_) {
            return fail(414, "request line is longer than " +
                                 std::to_string(limits_.max_head_bytes) + " bytes");
          }
          return head_too_large();
        }
        if (!have_request_line_) {
          if (line->empty()) continue;  // RFC 9112 §2.2: ignore empty lines before a request
          if (!request_line(*line)) return fail(400, "malformed HTTP request line");
          have_request_line_ = true;
          continue;
        }
        if (line->empty()) {
          if (head_complete() == State::error) return state_;
          continue;
        }
        if (++header_count_ > limits_.max_headers) return too_many_headers();
        error_ = {400, "malformed HTTP header line"};
        if (!header_line(*line)) return fail(error_.status, error_.reason);
        continue;
      }
      case Phase::body_length:
      case Phase::chunk_data: {
        const std::size_t take = std::min(remaining_, buffer_.size() - offset_);
        if (phase_ == Phase::chunk_data &&
            request_.body.size() + remaining_ > limits_.max_body_bytes) {
          return fail(413, "request body is larger than the limit of " +
                               std::to_string(limits_.max_body_bytes) + " bytes");
        }
        request_.body.append(buffer_, offset_, take);
        offset_ += take;
        remaining_ -= take;
        if (remaining_ > 0) {
          buffer_.clear();
          offset_ = 0;
          return state_;
        }
        if (phase_ == Phase::chunk_data) {
          phase_ = Phase::chunk_data_end;
          continue;
        }
        phase_ = Phase::done;
        continue;
      }
      case Phase::chunk_size: {
        auto line = next_line(kMaxChunkLine, too_long);
        if (!line) return too_long ? fail(400, "malformed chunk size line") : need_more();
        std::string_view size_text = line->substr(0, line->find(';'));  // drop chunk extensions
        size_text = trim(size_text);
        if (size_text.empty() || size_text.size() > 8 ||
            !std::all_of(size_text.begin(), size_text.end(),
                         [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); })) {
          return fail(400, "malformed chunk size line");
        }
        remaining_ = std::stoul(std::string(size_text), nullptr, 16);
        if (request_.body.size() + remaining_ > limits_.max_body_bytes) {
          return fail(413, "request body is larger than the limit of " +
                               std::to_string(limits_.max_body_bytes) + " bytes");
        }
        phase_ = remaining_ == 0 ? Phase::trailers : Phase::chunk_data;
        continue;
      }
      case Phase::chunk_data_end: {
        auto line = next_line(0, too_long);
        if (!line) {
          return too_long ? fail(400, "malformed chunked body: missing CRLF after a chunk")
                          : need_more();
        }
        phase_ = Phase::chunk_size;
        continue;
      }
      case Phase::trailers: {
        auto line = next_head_line(too_long);
        if (!line) return too_long ? head_too_large() : need_more();
        if (line->empty()) {
          phase_ = Phase::done;
          continue;
        }
        if (++header_count_ > limits_.max_headers) return too_many_headers();
        if (!header_line(*line)) return fail(400, "malformed chunked trailer line");
        continue;
      }
      case Phase::done: {
        request_.head += "Content-Length: " + std::to_string(request_.body.size()) + "\r\n";
        if (request_.close) request_.head += "Connection: close\r\n";
        request_.head += "\r\n";
        buffer_.erase(0, offset_);
        offset_ = 0;
        state_ = State::complete;
        return state_;
      }
    }
  }
}

}  // namespace jobwarden::webhook
