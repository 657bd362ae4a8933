#pragma once

#include <string>
#include <string_view>

// JSON text written without building a json value, for the few strings that are written often
// (webhook responses, container labels in messages).
namespace jobwarden::core {

// Appends `text` as a JSON string literal, byte for byte what nlohmann's dump() writes with
// error_handler_t::replace (invalid UTF-8 becomes U+FFFD).
void append_json_string(std::string& out, std::string_view text);
inline std::string json_string(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

}  // namespace jobwarden::core
