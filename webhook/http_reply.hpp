#pragma once

#include <string>

namespace jobwarden::webhook {

// An HTTP reply computed without sockets (the routes and tests share it).
struct HttpReply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
};

}  // namespace jobwarden::webhook
