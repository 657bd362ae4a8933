// libFuzzer target: HTTP/1.1 request framing (webhook/http_framer) on arbitrary byte streams fed
// in arbitrary pieces. Properties: sizes stay within the limits; a framed request is re-emitted
// with a Content-Length equal to its body.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "webhook/http_framer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace jobwarden::webhook;
  if (size == 0) return 0;
  FramerLimits limits;
  limits.max_head_bytes = 512;
  limits.max_headers = 8;
  limits.max_body_bytes = 1024;
  RequestFramer framer(limits);
  const std::size_t piece = 1 + data[0] % 16;
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  while (!rest.empty() && framer.state() != RequestFramer::State::error) {
    const std::string_view part = rest.substr(0, piece);
    rest.remove_prefix(part.size());
    framer.feed(part);
    while (framer.state() == RequestFramer::State::complete) {
      FramedRequest request = framer.take();
      if (request.body.size() > limits.max_body_bytes) __builtin_trap();
      const std::string length = "Content-Length: " + std::to_string(request.body.size()) + "\r\n";
      if (request.head.find(length) == std::string::npos) __builtin_trap();
    }
    if (framer.buffered() > limits.max_head_bytes + limits.max_body_bytes + 2 * piece + 1100) {
      __builtin_trap();
    }
  }
  return 0;
}
