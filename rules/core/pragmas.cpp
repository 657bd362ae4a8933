#include "rules/core/pragmas.hpp"

#include <algorithm>

#include "rules/core/loader_internal.hpp"

namespace jobwarden::core {

using loader_internal::is_blank;
using loader_internal::is_space;

namespace {

// Offset of the '#' that starts a comment on the line [begin, end), or npos. Quoted scalars that
// start and end on this line are skipped so that a '#' inside them is not taken for a comment.
std::size_t comment_start(std::string_view text, std::size_t begin, std::size_t end) {
  enum { none, single, dbl } state = none;
  for (std::size_t i = begin; i < end; ++i) {
    char c = text[i];
    bool token_start = i == begin || is_blank(text[i - 1]) || text[i - 1] == '[' ||
                       text[i - 1] == '{' || text[i - 1] == ',';
    switch (state) {
      case none:
        if (c == '#' && (i == begin || is_blank(text[i - 1]))) return i;
        if (c == '"' && token_start) state = dbl;
        if (c == '\'' && token_start) state = single;
        break;
      case dbl:
        if (c == '\\') {
          ++i;
        } else if (c == '"') {
          state = none;
        }
        break;
      case single:
        if (c == '\'') {
          if (i + 1 < end && text[i + 1] == '\'') {
            ++i;
          } else {
            state = none;
          }
        }
        break;
    }
  }
  return std::string_view::npos;
}

}  // namespace

std::map<int, std::set<std::string>> scan_ignore_pragmas(std::string_view text) {
  std::map<int, std::set<std::string>> pragmas;
  static constexpr std::string_view kNeedle = "jobwarden:ignore";
  int line = 1;
  std::size_t counted_to = 0;
  std::size_t from = 0;
  while (true) {
    std::size_t at = text.find(kNeedle, from);
    if (at == std::string_view::npos) break;
    from = at + kNeedle.size();
    line += static_cast<int>(std::count(text.begin() + counted_to, text.begin() + at, '\n'));
    counted_to = at;
    std::size_t line_begin = text.rfind('\n', at);
    line_begin = line_begin == std::string_view::npos ? 0 : line_begin + 1;
    std::size_t line_end = text.find('\n', at);
    if (line_end == std::string_view::npos) line_end = text.size();
    std::size_t hash = comment_start(text, line_begin, line_end);
    if (hash == std::string_view::npos || hash > at) continue;
    bool only_blanks = true;
    for (std::size_t i = hash + 1; i < at; ++i) only_blanks = only_blanks && is_blank(text[i]);
    if (!only_blanks) continue;
    std::size_t p = at + kNeedle.size();
    if (p < line_end && !is_blank(text[p]) && text[p] != '\r') continue;  // "jobwarden:ignorex"
    while (p < line_end && is_blank(text[p])) ++p;
    std::size_t id_end = p;
    while (id_end < line_end && !is_space(text[id_end])) ++id_end;
    std::string_view ids = text.substr(p, id_end - p);
    while (!ids.empty()) {
      std::size_t comma = ids.find(',');
      std::string_view id = ids.substr(0, comma);
      if (!id.empty()) pragmas[line].insert(std::string(id));
      if (comma == std::string_view::npos) break;
      ids.remove_prefix(comma + 1);
    }
  }
  return pragmas;
}

}  // namespace jobwarden::core
