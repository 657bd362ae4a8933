#include "rules/engine/pragmas.hpp"

#include <algorithm>

namespace jobwarden::core {

namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}
bool is_space(char c) {
  return is_blank(c) || c == '\r' || c == '\n';
}

// Offset of the start of the line that holds `offset`.
std::size_t line_start(std::string_view text, std::size_t offset) {
  if (offset == 0) return 0;
  std::size_t newline = text.rfind('\n', offset - 1);
  return newline == std::string_view::npos ? 0 : newline + 1;
}

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

IgnorePragmas scan_ignore_pragmas(std::string_view text, int first_line) {
  IgnorePragmas pragmas;
  static constexpr std::string_view kNeedle = "jobwarden:ignore";
  int line = first_line;
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

IgnorePragmas document_pragmas(const Document& document) {
  if (!document.file) return {};
  std::string_view text = document.file->text;
  std::size_t begin = 0;
  int first_line = 1;
  std::size_t first_line_start = line_start(text, std::min(document.begin_offset, text.size()));
  if (document.index > 0 && first_line_start > 0) {
    // A finding on the document's first line may be suppressed by a pragma on the line before.
    begin = line_start(text, first_line_start - 1);
    first_line = document.begin_line - 1;
  }
  std::size_t end = document.end_offset > document.begin_offset ? document.end_offset : text.size();
  end = std::min(text.find('\n', std::min(end, text.size())), text.size());
  return scan_ignore_pragmas(text.substr(begin, end - begin), first_line);
}

}  // namespace jobwarden::core
