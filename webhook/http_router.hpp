#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <httplib.h>

#include "webhook/http_framer.hpp"
#include "webhook/http_reply.hpp"

// cpp-httplib as the HTTP layer behind our own connection loop: routes, request parsing and
// response writing stay httplib's, over one complete request held in memory. httplib's own
// listener (one blocking worker per connection) is never started; see docs/webhook-connections.md.
// The admission POSTs, the hot path, are answered without httplib when the request is plain (see
// post_direct()), with the bytes httplib would write.
namespace jobwarden::webhook {

class HttpRouter : public httplib::Server {
 public:
  // Answers POST `path` (literal: httplib reads it as a regex, so no metacharacters) from
  // (Content-Type, body). Registered with httplib too, which answers the requests the direct path
  // leaves to it.
  using DirectHandler =
      std::function<HttpReply(std::string_view content_type, std::string_view body)>;
  void post_direct(const std::string& path, DirectHandler handler);
  // Off: every request goes through httplib (tests compare the two paths).
  void set_direct_enabled(bool enabled) {
    direct_enabled_.store(enabled, std::memory_order_relaxed);
  }

  // Parses one complete request (as RequestFramer normalises it), routes it and returns the
  // serialised response. `close` in: answer with "Connection: close"; out: the connection must be
  // closed after the response.
  std::string process(const FramedRequest& request, const std::string& peer, bool& close);
  // The response to a plain POST to a direct route, as process() would write it; false when
  // httplib must answer the request. The handler has run then only if it threw or its reply is
  // one the direct path does not write (a status without our phrase, an empty body).
  bool answer_directly(const FramedRequest& request, bool& close, std::string& out);

 private:
  struct DirectRoute {
    std::string path;
    DirectHandler handler;
  };
  std::string write_direct_response(const HttpReply& reply, std::string_view accept_encoding,
                                    bool close) const;

  std::vector<DirectRoute> direct_routes_;
  std::atomic<bool> direct_enabled_{true};  // read by every loop thread
};

}  // namespace jobwarden::webhook
