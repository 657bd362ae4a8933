#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace jobwarden::cli::format {

// SHA-256 (FIPS 180-4) of `data`. Our own, not OpenSSL's: `jobwarden lint` must not load
// libcrypto (about 2.4 ms of every start-up, and pre-commit starts it on every commit) only to
// hash finding fingerprints. tests/cli/sha256_test.cpp checks it against OpenSSL.
std::array<std::uint8_t, 32> sha256(std::string_view data);

// The digest as 64 lowercase hex digits.
std::string sha256_hex(std::string_view data);

}  // namespace jobwarden::cli::format
