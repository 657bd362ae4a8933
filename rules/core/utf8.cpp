#include "rules/core/utf8.hpp"

#include <cstring>

namespace jobwarden::core {

std::size_t utf8_sequence_length(std::string_view text, std::size_t at, std::uint32_t& code_point) {
  const auto lead = static_cast<unsigned char>(text[at]);
  if (lead < 0x80) {
    code_point = lead;
    return 1;
  }
  std::size_t length = 0;
  std::uint32_t smallest = 0;  // below it the encoding is overlong
  if ((lead & 0xE0) == 0xC0) {
    length = 2, smallest = 0x80, code_point = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, smallest = 0x800, code_point = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, smallest = 0x10000, code_point = lead & 0x07;
  } else {
    return 0;
  }
  if (at + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    const auto next = static_cast<unsigned char>(text[at + k]);
    if ((next & 0xC0) != 0x80) return 0;
    code_point = (code_point << 6) | (next & 0x3F);
  }
  if (code_point < smallest || code_point > 0x10FFFF ||
      (code_point >= 0xD800 && code_point <= 0xDFFF)) {
    return 0;
  }
  return length;
}

bool is_valid_utf8(std::string_view text) {
  std::uint32_t code_point = 0;
  for (std::size_t at = 0; at < text.size();) {
    // Eight ASCII bytes at a time: a review or a message is nearly all ASCII.
    if (at + 8 <= text.size()) {
      std::uint64_t word;
      std::memcpy(&word, text.data() + at, sizeof word);
      if ((word & 0x8080808080808080ULL) == 0) {
        at += 8;
        continue;
      }
    }
    const std::size_t length = utf8_sequence_length(text, at, code_point);
    if (length == 0) return false;
    at += length;
  }
  return true;
}

}  // namespace jobwarden::core
