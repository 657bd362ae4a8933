#include "rules/k8s/image_grammar.hpp"

#include <cstddef>

namespace jobwarden::k8s::grammar {

namespace {

bool lower_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
bool alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool digit(char c) {
  return c >= '0' && c <= '9';
}
bool alnum(char c) {
  return alpha(c) || digit(c);
}
bool word(char c) {
  return alnum(c) || c == '_';
}
bool hex(char c) {
  return digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// One label: [a-zA-Z0-9] or [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9].
bool is_label(std::string_view label) {
  if (label.empty() || !alnum(label.front()) || !alnum(label.back())) return false;
  for (char c : label) {
    if (!alnum(c) && c != '-') return false;
  }
  return true;
}

}  // namespace

bool is_domain(std::string_view text) {
  std::string_view host = text;
  // An optional ":port" at the end; a bracketed IPv6 host has its own colons inside [...].
  const std::size_t close = text.rfind(']');
  const std::size_t colon = text.rfind(':');
  if (colon != std::string_view::npos && (close == std::string_view::npos || colon > close)) {
    const std::string_view port = text.substr(colon + 1);
    if (port.empty()) return false;
    for (char c : port) {
      if (!digit(c)) return false;
    }
    host = text.substr(0, colon);
  }
  if (host.empty()) return false;
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') return false;
    for (char c : host.substr(1, host.size() - 2)) {
      if (!hex(c) && c != ':') return false;
    }
    return true;
  }
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = host.find('.', start);
    if (!is_label(host.substr(start, dot == std::string_view::npos ? dot : dot - start))) {
      return false;
    }
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

bool is_path_component(std::string_view text) {
  std::size_t i = 0;
  const std::size_t n = text.size();
  for (;;) {
    const std::size_t run = i;
    while (i < n && lower_alnum(text[i])) ++i;
    if (i == run) return false;  // every separator sits between two runs
    if (i == n) return true;
    if (text[i] == '.') {
      ++i;
    } else if (text[i] == '_') {
      ++i;
      if (i < n && text[i] == '_') ++i;  // '_' or '__'
    } else if (text[i] == '-') {
      while (i < n && text[i] == '-') ++i;
    } else {
      return false;
    }
  }
}

bool is_tag(std::string_view text) {
  if (text.empty() || text.size() > 128 || !word(text.front())) return false;
  for (char c : text.substr(1)) {
    if (!word(c) && c != '.' && c != '-') return false;
  }
  return true;
}

bool is_digest(std::string_view text) {
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos) return false;
  const std::string_view algorithm = text.substr(0, colon);
  const std::string_view value = text.substr(colon + 1);
  if (value.size() < 32) return false;
  for (char c : value) {
    if (!hex(c)) return false;
  }
  // Components [A-Za-z][A-Za-z0-9]* joined by one of [-_+.].
  std::size_t i = 0;
  for (;;) {
    if (i >= algorithm.size() || !alpha(algorithm[i])) return false;
    ++i;
    while (i < algorithm.size() && alnum(algorithm[i])) ++i;
    if (i == algorithm.size()) return true;
    const char separator = algorithm[i];
    if (separator != '-' && separator != '_' && separator != '+' && separator != '.') return false;
    ++i;
  }
}

}  // namespace jobwarden::k8s::grammar
