#include <openssl/evp.h>

#include <catch2/catch.hpp>
#include <random>
#include <string>

#include "cli/format/sha256.hpp"

using jobwarden::cli::format::sha256_hex;

namespace {

std::string openssl_sha256_hex(const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  REQUIRE(EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr) == 1);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xf];
  }
  return out;
}

}  // namespace

TEST_CASE("sha256: the FIPS 180-4 example messages", "[cli][sha256]") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(sha256_hex(std::string(1'000'000, 'a')) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("sha256: the same digest as OpenSSL for every length across the block boundaries",
          "[cli][sha256]") {
  // Lengths 0..300 cover one and two padding blocks (55, 56, 63, 64, 119, 120 bytes) and bytes
  // with the high bit set.
  std::mt19937 random(20261207);
  for (std::size_t length = 0; length <= 300; ++length) {
    std::string data(length, '\0');
    for (char& c : data) c = static_cast<char>(random() & 0xff);
    INFO("length " << length);
    CHECK(sha256_hex(data) == openssl_sha256_hex(data));
  }
}
