#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

// Strict UTF-8 decoding (no overlong forms, no surrogates, nothing above U+10FFFF), shared by
// the loader's input checks and the webhook's body and warning checks.
namespace jobwarden::core {

// Length of the UTF-8 sequence that starts at text[at] (1 to 4), with its code point in
// `code_point`; 0 when the bytes there are not valid UTF-8.
std::size_t utf8_sequence_length(std::string_view text, std::size_t at, std::uint32_t& code_point);

bool is_valid_utf8(std::string_view text);

}  // namespace jobwarden::core
