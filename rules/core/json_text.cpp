#include "rules/core/json_text.hpp"

#include <nlohmann/json.hpp>

#include "rules/core/utf8.hpp"

namespace jobwarden::core {

void append_json_string(std::string& out, std::string_view text) {
  bool plain = true;
  bool ascii = true;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || c == '"' || c == '\\') plain = false;
    if (byte >= 0x80) ascii = false;
  }
  if (!ascii && !is_valid_utf8(text)) {
    // Where nlohmann resumes after a bad byte is its own rule: let it write the U+FFFDs.
    out += nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return;
  }
  out.reserve(out.size() + text.size() + 2);
  out += '"';
  if (plain) {
    out += text;  // valid UTF-8 is written as it is (dump() without ensure_ascii)
  } else {
    for (const char c : text) {
      switch (c) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        case '\b':
          out += "\\b";
          break;
        case '\f':
          out += "\\f";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        default:
          if (static_cast<unsigned char>(c) < 0x20) {
            static constexpr char kHex[] = "0123456789abcdef";
            out += "\\u00";
            out += kHex[(c >> 4) & 0xF];
            out += kHex[c & 0xF];
          } else {
            out += c;
          }
      }
    }
  }
  out += '"';
}

}  // namespace jobwarden::core
