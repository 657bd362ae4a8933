#include "rules/core/loader_internal.hpp"

#include <cstdint>
#include <cstdio>
#include <cstring>

#include "rules/core/utf8.hpp"

namespace jobwarden::core::loader_internal {

namespace {

// None of the eight bytes at `s` is a control character or outside ASCII (bit tricks from
// "Bit Twiddling Hacks": hasless(w, 0x20) and haszero(w ^ 0x7F)). Most of a manifest passes.
bool plain_ascii_word(const unsigned char* s) {
  constexpr std::uint64_t kOnes = 0x0101010101010101;
  constexpr std::uint64_t kHigh = 0x8080808080808080;
  std::uint64_t w;
  std::memcpy(&w, s, sizeof w);
  const std::uint64_t below_space = (w - kOnes * 0x20) & ~w & kHigh;
  const std::uint64_t del = w ^ (kOnes * 0x7F);
  const std::uint64_t has_del = (del - kOnes) & ~del & kHigh;
  return ((w & kHigh) | below_space | has_del) == 0;
}

}  // namespace

std::optional<std::pair<std::size_t, std::string>> check_text(std::string_view text,
                                                              std::size_t base) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t n = text.size();
  std::size_t i = base;
  while (i < n) {
    if (i + 8 <= n && plain_ascii_word(s + i)) {
      i += 8;
      continue;
    }
    // Byte by byte through these eight (a UTF-8 sequence may end past them).
    const std::size_t stop = std::min(i + 8, n);
    while (i < stop) {
      unsigned char c = s[i];
      if (c < 0x80) {
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "%02X", c);
          return std::pair{i, std::string("control character 0x") + buf + " is not allowed"};
        }
        ++i;
        continue;
      }
      std::uint32_t code_point = 0;
      const std::size_t length = utf8_sequence_length(text, i, code_point);
      if (length == 0) return std::pair{i, std::string("not valid UTF-8")};
      i += length;
    }
  }
  return std::nullopt;
}

std::vector<std::pair<int, int>> tab_indented_lines(std::string_view text, std::size_t base) {
  std::vector<std::pair<int, int>> out;
  if (text.find('\t', base) == std::string_view::npos) return out;
  int line = 1;
  std::size_t i = base;
  while (i < text.size()) {
    std::size_t start = i;
    int tab_col = 0;
    while (i < text.size() && is_blank(text[i])) {
      if (text[i] == '\t' && tab_col == 0) tab_col = static_cast<int>(i - start) + 1;
      ++i;
    }
    // Whitespace-only lines count too: go-yaml refuses a tab at the start of any line in block
    // context. The list is only consulted for nodes and errors on these lines.
    if (tab_col != 0) out.emplace_back(line, tab_col);
    std::size_t nl = text.find('\n', i);
    if (nl == std::string_view::npos) break;
    i = nl + 1;
    ++line;
  }
  return out;
}

bool looks_like_json(std::string_view text, std::size_t base) {
  for (std::size_t i = base; i < text.size(); ++i) {
    if (is_space(text[i])) continue;
    return text[i] == '{' || text[i] == '[';
  }
  return false;
}

bool has_tab_line(const std::vector<std::pair<int, int>>& tab_lines, int line, int* col) {
  auto it = std::lower_bound(tab_lines.begin(), tab_lines.end(), std::pair{line, 0});
  if (it == tab_lines.end() || it->first != line) return false;
  if (col) *col = it->second;
  return true;
}

}  // namespace jobwarden::core::loader_internal
