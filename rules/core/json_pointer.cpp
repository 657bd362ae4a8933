#include "rules/core/json_pointer.hpp"

#include <charconv>

#include "rules/core/text.hpp"

namespace jobwarden::core {

namespace {

// Appends `token` escaped; a token with nothing to escape (nearly all) in one append.
void append_escaped(std::string& out, std::string_view token) {
  if (!has_any_of(token, "~/")) {
    out += token;
    return;
  }
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
}

}  // namespace

std::string escape_pointer_token(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  append_escaped(out, token);
  return out;
}

std::string unescape_pointer_token(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
      out += token[i + 1] == '0' ? '~' : '/';
      ++i;
    } else {
      out += token[i];
    }
  }
  return out;
}

std::string join_pointer(std::string_view base, std::string_view token) {
  // One allocation: rules and the loader join pointers on hot paths.
  std::string out;
  out.reserve(base.size() + 1 + token.size());
  out += base;
  out += '/';
  append_escaped(out, token);
  return out;
}

std::string join_pointer(std::string_view base, std::size_t index) {
  std::string out(base);
  out += '/';
  out += std::to_string(index);
  return out;
}

std::string parent_pointer(std::string_view pointer) {
  auto slash = pointer.rfind('/');
  if (slash == std::string_view::npos) return {};
  return std::string(pointer.substr(0, slash));
}

std::vector<std::string> split_pointer(std::string_view pointer) {
  std::vector<std::string> tokens;
  if (pointer.empty()) return tokens;
  std::size_t start = 1;  // skip leading '/'
  while (true) {
    auto slash = pointer.find('/', start);
    tokens.push_back(unescape_pointer_token(pointer.substr(start, slash - start)));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return tokens;
}

const nlohmann::json* find_at(const nlohmann::json& root, std::string_view pointer) {
  const nlohmann::json* node = &root;
  for (const auto& token : split_pointer(pointer)) {
    if (node->is_object()) {
      auto it = node->find(token);
      if (it == node->end()) return nullptr;
      node = &*it;
    } else if (node->is_array()) {
      std::size_t index = 0;
      auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), index);
      if (ec != std::errc() || ptr != token.data() + token.size() || index >= node->size()) {
        return nullptr;
      }
      node = &(*node)[index];
    } else {
      return nullptr;
    }
  }
  return node;
}

}  // namespace jobwarden::core
