#include "rules/core/loader_internal.hpp"

namespace jobwarden::core::loader_internal {

std::size_t content_offset(std::string_view text, std::size_t p) {
  std::size_t n = text.size();
  while (p < n && (text[p] == '&' || text[p] == '!')) {
    if (text[p] == '!' && p + 1 < n && text[p + 1] == '<') {
      while (p < n && text[p] != '>') ++p;
      if (p < n) ++p;
    }
    while (p < n && !is_space(text[p]) &&
           std::string_view(",[]{}").find(text[p]) == std::string_view::npos) {
      ++p;
    }
    while (p < n) {
      if (is_space(text[p])) {
        ++p;
      } else if (text[p] == '#') {
        while (p < n && text[p] != '\n') ++p;
      } else {
        break;
      }
    }
  }
  return p;
}

std::string_view null_word(std::string_view text, std::size_t off) {
  for (std::string_view w : {"null", "Null", "NULL", "~"}) {
    if (text.substr(off, w.size()) == w) {
      std::size_t after = off + w.size();
      if (after >= text.size() || is_space(text[after]) ||
          std::string_view(",]}:#").find(text[after]) != std::string_view::npos) {
        return w;
      }
    }
  }
  return {};
}
bool on_template_line(std::string_view text, std::size_t off) {
  std::size_t begin = text.rfind('\n', std::min(off, text.size()));
  begin = begin == std::string_view::npos ? 0 : begin + 1;
  std::size_t end = text.find('\n', off);
  return text.substr(begin, end == std::string_view::npos ? end : end - begin).find("{{") !=
         std::string_view::npos;
}

std::size_t quoted_end(std::string_view text, std::size_t off) {
  char q = text[off];
  for (std::size_t i = off + 1; i < text.size(); ++i) {
    if (q == '"' && text[i] == '\\') {
      ++i;
    } else if (text[i] == q) {
      if (q == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
        ++i;
      } else {
        return i + 1;
      }
    }
  }
  return kNpos;
}

NodeStyle scalar_style(std::string_view text, const std::string& tag, std::size_t off) {
  if (is_plain_tag(tag) || off >= text.size()) return NodeStyle::plain;
  switch (text[off]) {
    case '\'':
      return NodeStyle::single_quoted;
    case '"':
      return NodeStyle::double_quoted;
    case '|':
      return NodeStyle::literal;
    case '>':
      return NodeStyle::folded;
    default:
      return NodeStyle::plain;
  }
}

}  // namespace jobwarden::core::loader_internal
