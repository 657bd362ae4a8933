// libFuzzer target: the AdmissionReview decoder and the whole review (engine, deny message,
// warnings, patch) on arbitrary request bodies, as the webhook runs them.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "webhook/admission.hpp"
#include "webhook/handler.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace jobwarden;
  static const auto policy = std::make_shared<const webhook::Policy>(core::Config{});
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  webhook::DecodeResult decoded = webhook::decode_review_text(body);
  if (decoded.error) {
    if (decoded.error->reason.size() > 1024) __builtin_trap();  // reasons stay short
    return 0;
  }
  for (auto endpoint : {webhook::Endpoint::validate, webhook::Endpoint::mutate}) {
    webhook::Decision decision = webhook::review(endpoint, *decoded.request, *policy);
    (void)webhook::encode_response(decoded.request->api_version, decision.response);
  }
  return 0;
}
