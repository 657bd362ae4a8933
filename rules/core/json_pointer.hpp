#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace jobwarden::core {

// RFC 6901 helpers. Pointers are kept as strings ("/spec/template/spec") because they are
// map keys in the SourceMap and appear verbatim in findings and patches.

// Escapes one reference token: "~" -> "~0", "/" -> "~1".
std::string escape_pointer_token(std::string_view token);
std::string unescape_pointer_token(std::string_view token);
// Appends an escaped token: join_pointer("/metadata/labels", "a/b") == "/metadata/labels/a~1b".
std::string join_pointer(std::string_view base, std::string_view token);
std::string join_pointer(std::string_view base, std::size_t index);
// The parent of "/a/b" is "/a"; the parent of "/a" is ""; the parent of "" is "".
std::string parent_pointer(std::string_view pointer);
// Splits into unescaped tokens.
std::vector<std::string> split_pointer(std::string_view pointer);
// Resolves a pointer without throwing; nullptr when any step is missing or of the wrong type.
const nlohmann::json* find_at(const nlohmann::json& root, std::string_view pointer);

}  // namespace jobwarden::core
