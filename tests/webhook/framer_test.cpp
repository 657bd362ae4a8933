// HTTP/1.1 request framing: exact results for lengths, chunks, pipelining, caps and bad input.

#include <catch2/catch.hpp>

#include <string>

#include "webhook/http_framer.hpp"

using jobwarden::webhook::FramerLimits;
using jobwarden::webhook::RequestFramer;
using State = RequestFramer::State;

TEST_CASE("framer: Content-Length, byte by byte, then a pipelined request", "[webhook][framer]") {
  RequestFramer framer;
  const std::string stream =
      "POST /validate?timeout=10s HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
      "Content-Length: 2\r\n\r\n{}GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n";
  State state = State::need_more;
  std::size_t fed = 0;
  while (state == State::need_more && fed < stream.size())
    state = framer.feed(stream.substr(fed++, 1));
  REQUIRE(state == State::complete);
  auto first = framer.take();
  CHECK(first.method == "POST");
  CHECK(first.target == "/validate?timeout=10s");
  CHECK(first.body == "{}");
  CHECK(first.head ==
        "POST /validate?timeout=10s HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
        "Content-Length: 2\r\n\r\n");
  CHECK(!first.close);
  CHECK(framer.feed(stream.substr(fed)) == State::complete);
  auto second = framer.take();
  CHECK(second.head == "GET /healthz HTTP/1.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
  CHECK(second.close);
  CHECK(framer.state() == State::need_more);
  CHECK(!framer.started());
}

TEST_CASE("framer: chunked bodies are de-chunked, trailers dropped", "[webhook][framer]") {
  RequestFramer framer;
  CHECK(framer.feed("POST /v HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n"
                    "A\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n") == State::complete);
  auto request = framer.take();
  CHECK(request.body == "abc0123456789");
  CHECK(request.head == "POST /v HTTP/1.1\r\nContent-Length: 13\r\n\r\n");
}

TEST_CASE("framer: limits and malformed input give exact statuses", "[webhook][framer]") {
  FramerLimits limits;
  limits.max_head_bytes = 256;
  limits.max_headers = 4;
  limits.max_body_bytes = 10;
  struct Case {
    std::string input;
    int status;
    std::string reason;
  };
  const Case cases[] = {
      {"POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\n", 413,
       "request body is larger than the limit of 10 bytes"},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n8\r\n", 413,
       "request body is larger than the limit of 10 bytes"},
      {"POST / HTTP/1.1\r\n\r\n", 411,
       "a POST request needs a Content-Length or Transfer-Encoding: chunked"},
      {"GET / HTTP/1.1\r\nA: 1\r\nB: 1\r\nC: 1\r\nD: 1\r\nE: 1\r\n", 431,
       "more than 4 request headers"},
      {"GET / HTTP/1.1\r\nA: " + std::string(300, 'a'), 431,
       "request headers are larger than 256 bytes"},
      {"GET /" + std::string(300, 'a'), 414, "request line is longer than 256 bytes"},
      {"NOT HTTP\r\n", 400, "malformed HTTP request line"},
      {"GET / HTTP/2.0\r\n", 400, "malformed HTTP request line"},
      {"GET / HTTP/1.1\r\nno colon\r\n", 400, "malformed HTTP header line"},
      {"POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n", 400,
       "conflicting Content-Length headers"},
      {"POST / HTTP/1.1\r\nContent-Length: -1\r\n", 400, "invalid Content-Length"},
      {"POST / HTTP/1.1\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n", 400,
       "both Content-Length and Transfer-Encoding"},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n", 501,
       "only Transfer-Encoding: chunked is supported"},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n", 400,
       "malformed chunk size line"},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\naXY", 400,
       "malformed chunked body: missing CRLF after a chunk"},
  };
  for (const auto& c : cases) {
    INFO(c.input);
    RequestFramer framer(limits);
    CHECK(framer.feed(c.input) == State::error);
    CHECK(framer.error().status == c.status);
    CHECK(framer.error().reason == c.reason);
    CHECK(framer.buffered() == 0);
  }
}

TEST_CASE("framer: HTTP/1.0 closes unless keep-alive, Expect: 100-continue is reported",
          "[webhook][framer]") {
  RequestFramer framer;
  CHECK(framer.feed("GET / HTTP/1.0\r\n\r\n") == State::complete);
  CHECK(framer.take().close);
  CHECK(framer.feed("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") == State::complete);
  CHECK(!framer.take().close);
  CHECK(framer.feed("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n") ==
        State::need_more);
  CHECK(framer.wants_continue());
  framer.continue_sent();
  CHECK(!framer.wants_continue());
  CHECK(framer.feed("{}") == State::complete);
}
