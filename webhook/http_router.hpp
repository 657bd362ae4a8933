#pragma once

#include <string>
#include <string_view>

#include <httplib.h>

// cpp-httplib as the HTTP layer behind our own connection loop: routes, request parsing and
// response writing stay httplib's, over one complete request held in memory. httplib's own
// listener (one blocking worker per connection) is never started; see docs/webhook-connections.md.
namespace jobwarden::webhook {

class HttpRouter : public httplib::Server {
 public:
  // Parses one complete request (`head` + `body`, as RequestFramer normalises them), routes it and
  // returns the serialised response. `close` in: answer with "Connection: close"; out: the
  // connection must be closed after the response.
  std::string process(const std::string& head, const std::string& body, const std::string& peer,
                      bool& close);
};

}  // namespace jobwarden::webhook
