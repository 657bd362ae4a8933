// The admission POSTs answered from the framed request (HttpRouter::post_direct) must be
// byte-identical to what cpp-httplib writes for them: each request here goes through the real
// server's routes both ways and the bytes are compared.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "tests/webhook/server_harness.hpp"
#include "webhook/http_framer.hpp"
#include "webhook/http_router.hpp"

namespace jobwarden::testing {
namespace {

using webhook::FramedRequest;
using webhook::HttpReply;
using webhook::HttpRouter;
using webhook::RequestFramer;

FramedRequest frame(const std::string& raw) {
  RequestFramer framer;
  INFO(raw.substr(0, 300));
  REQUIRE(framer.feed(raw) == RequestFramer::State::complete);
  return framer.take();
}

std::string post(const std::string& target, const std::string& headers, const std::string& body,
                 const std::string& version = "HTTP/1.1") {
  return "POST " + target + " " + version + "\r\nHost: jobwarden.jobwarden.svc\r\n" + headers +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

struct Case {
  std::string name;
  std::string raw;
  bool direct;            // answered without httplib
  bool draining = false;  // `close` in: the server asks for Connection: close
};

// Answers `c` directly and through httplib; both must write the same bytes and agree on closing.
// Returns the response.
std::string compare(HttpRouter& router, const Case& c) {
  INFO(c.name);
  const FramedRequest request = frame(c.raw);
  router.set_direct_enabled(false);
  bool httplib_close = c.draining;
  const std::string by_httplib = router.process(request, "127.0.0.1", httplib_close);
  router.set_direct_enabled(true);
  bool direct_close = c.draining;
  std::string direct;
  REQUIRE(router.answer_directly(request, direct_close, direct) == c.direct);
  bool process_close = c.draining;
  const std::string by_process = router.process(request, "127.0.0.1", process_close);
  CHECK(by_process == by_httplib);
  CHECK(process_close == httplib_close);
  if (c.direct) {
    CHECK(direct == by_httplib);
    CHECK(direct_close == httplib_close);
  }
  return by_httplib;
}

std::string padded(std::string text, std::size_t size) {
  REQUIRE(text.size() <= size);
  text.append(size - text.size(), ' ');
  return text;
}

}  // namespace

TEST_CASE("direct admission answers are byte-identical to httplib's", "[webhook][direct]") {
  Harness h;
  HttpRouter& router = h.server->https_routes();
  const std::string good = review("CREATE", good_job()).dump();
  const std::string bad = review("CREATE", bad_job()).dump();
  const std::string json_type = "Content-Type: application/json\r\n";
  const std::string v = "/validate?timeout=10s";
  const std::vector<Case> cases = {
      {"keep-alive", post(v, json_type, good), true},
      {"no query", post("/validate", json_type, good), true},
      {"empty query", post("/validate?", json_type, good), true},
      {"query junk", post("/validate?timeout=10s&&x=%zz&=&y", json_type, good), true},
      {"two question marks (httplib: 400)", post("/validate?a?b", json_type, good), false},
      {"percent-encoded path", post("/%76alidate", json_type, good), false},
      {"trailing slash (404)", post("/validate/", json_type, good), false},
      {"denied", post(v, json_type, bad), true},
      {"mutate patch", post("/mutate?timeout=10s", json_type, bad), true},
      {"mutate allow", post("/mutate", json_type, good), true},
      {"Connection: close", post(v, json_type + "Connection: close\r\n", good), true},
      {"connection: CLOSE lowercase", post(v, json_type + "connection: CLOSE\r\n", good), true},
      {"Connection: keep-alive", post(v, json_type + "Connection: keep-alive\r\n", good), true},
      {"draining", post(v, json_type, good), true, true},
      {"HTTP/1.0", post(v, json_type, good, "HTTP/1.0"), true},
      {"HTTP/1.0 keep-alive", post(v, json_type + "Connection: Keep-Alive\r\n", good, "HTTP/1.0"),
       true},
      {"Expect: 100-continue", post(v, json_type + "Expect: 100-continue\r\n", good), true},
      {"chunked",
       "POST " + v + " HTTP/1.1\r\nContent-Type: application/json\r\nTransfer-Encoding: " +
           "chunked\r\n\r\n10\r\n" + good.substr(0, 16) + "\r\n" +
           [&] {
             std::string rest = good.substr(16);
             char size[16];
             std::snprintf(size, sizeof size, "%zx", rest.size());
             return std::string(size) + "\r\n" + rest + "\r\n0\r\n\r\n";
           }(),
       true},
      {"Accept-Encoding: gzip", post(v, json_type + "Accept-Encoding: gzip\r\n", good), true},
      {"Accept-Encoding: br", post(v, json_type + "Accept-Encoding: br\r\n", good), true},
      {"Accept-Encoding: deflate", post(v, json_type + "Accept-Encoding: deflate\r\n", good), true},
      {"Accept-Encoding: gzip, deflate, br",
       post(v, json_type + "Accept-Encoding: gzip, deflate, br\r\n", good), true},
      {"Accept-Encoding: identity", post(v, json_type + "Accept-Encoding: identity\r\n", good),
       true},
      {"ACCEPT-ENCODING: GZIP uppercase", post(v, json_type + "ACCEPT-ENCODING: GZIP\r\n", good),
       true},
      {"accept-encoding: gzip lowercase", post(v, json_type + "accept-encoding: gzip\r\n", good),
       true},
      {"two Accept-Encoding, first wins",
       post(v, json_type + "Accept-Encoding: identity\r\nAccept-Encoding: gzip\r\n", good), true},
      {"Accept-Encoding percent-encoded (httplib decodes)",
       post(v, json_type + "Accept-Encoding: %67zip\r\n", good), false},
      {"bad JSON (400)", post(v, json_type, "{\"apiVersion\":"), true},
      {"bad JSON gzip", post(v, json_type + "Accept-Encoding: gzip\r\n", "{nope"), true},
      {"not a review (400)", post(v, json_type, "[1,2]"), true},
      {"empty body", post(v, json_type, ""), true},
      {"text/plain (415)", post(v, "Content-Type: text/plain\r\n", good), true},
      {"no Content-Type (415)", post(v, "", good), true},
      {"415 br", post(v, "Content-Type: text/plain\r\nAccept-Encoding: br\r\n", good), true},
      {"charset", post(v, "Content-Type: application/json; charset=utf-8\r\n", good), true},
      {"content-type lowercase", post(v, "content-type: application/json\r\n", good), true},
      {"CONTENT-TYPE uppercase", post(v, "CONTENT-TYPE: APPLICATION/JSON\r\n", good), true},
      {"blanks around Content-Type", post(v, "Content-Type: \t application/json \t \r\n", good),
       true},
      {"empty Content-Type, then one",
       post(v, "Content-Type:\r\nContent-Type: application/json\r\n", good), true},
      {"two Content-Types, first wins",
       post(v, "Content-Type: text/plain\r\nContent-Type: application/json\r\n", good), true},
      {"Content-Type percent-encoded (httplib decodes)",
       post(v, "Content-Type: application%2Fjson\r\n", good), false},
      {"multipart", post(v, "Content-Type: multipart/form-data; boundary=x\r\n", good), false},
      {"form", post(v, "Content-Type: application/x-www-form-urlencoded\r\n", good), false},
      {"Range", post(v, json_type + "Range: bytes=0-10\r\n", good), false},
      {"Content-Encoding", post(v, json_type + "Content-Encoding: identity\r\n", good), false},
      {"long header (httplib: 400)",
       post(v, json_type + "X-Long: " + std::string(9000, 'a') + "\r\n", good), false},
      {"GET /validate (404)", "GET /validate HTTP/1.1\r\nHost: x\r\n\r\n", false},
      {"PUT /validate", post(v, json_type, good).replace(0, 4, "PUT"), false},
      {"GET /healthz", "GET /healthz HTTP/1.1\r\n\r\n", false},
      {"body at the inline limit", post(v, json_type, padded(good, 16 * 1024)), true},
      {"body above the inline limit", post(v, json_type, padded(good, 16 * 1024 + 1)), true},
      {"large body", post(v, json_type + "Accept-Encoding: gzip\r\n", padded(good, 200000)), true},
  };
  for (const Case& c : cases) compare(router, c);

  // What httplib writes, spelled out once (so that a change in both paths shows too).
  const std::string allowed = compare(router, cases[0]);
  CHECK(allowed.rfind("HTTP/1.1 200 OK\r\nContent-Length: ", 0) == 0);
  CHECK(allowed.find("\r\nContent-Type: application/json\r\nKeep-Alive: timeout=2, "
                     "max=1073741824\r\n\r\n{\"apiVersion\"") != std::string::npos);
  const std::string closed = compare(router, cases[10]);
  CHECK(closed.rfind("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: ", 0) == 0);
  CHECK(closed.find("Keep-Alive") == std::string::npos);
  const std::string gzip = compare(router, cases[18]);
  CHECK(gzip.find("\r\nContent-Encoding: gzip\r\nContent-Length: ") != std::string::npos);
  const std::string br = compare(router, cases[19]);
  CHECK(br.find("\r\nContent-Encoding: br\r\nContent-Length: ") != std::string::npos);
  const std::string deflate = compare(router, cases[20]);
  CHECK(deflate.find("Content-Encoding") == std::string::npos);
  const std::string unsupported = compare(router, cases[31]);
  CHECK(unsupported.rfind("HTTP/1.1 415 Unsupported Media Type\r\n", 0) == 0);
}

TEST_CASE("direct replies of every status the framer names are written as httplib does",
          "[webhook][direct]") {
  HttpRouter router;
  router.post_direct("/status", [](std::string_view content_type, std::string_view body) {
    return HttpReply{std::stoi(std::string(body)), std::string(content_type), "reply\n"};
  });
  router.post_direct("/throws", [](std::string_view, std::string_view) -> HttpReply {
    throw std::runtime_error("boom");
  });
  for (int status : {200, 400, 404, 408, 411, 413, 414, 415, 431, 501, 503, 505}) {
    for (const std::string type : {"text/plain; charset=utf-8", "application/octet-stream"}) {
      compare(router, {std::to_string(status) + " " + type,
                       post("/status", "Content-Type: " + type + "\r\nAccept-Encoding: gzip\r\n",
                            std::to_string(status)),
                       true});
    }
  }
  // Statuses without a phrase of ours, and exceptions, are left to httplib.
  compare(router, {"422", post("/status", "", "422"), false});
  compare(router, {"throws", post("/throws", "", "x"), false});
}

}  // namespace jobwarden::testing
