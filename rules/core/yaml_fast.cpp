// The fast path of the loader. Manifests are nearly always written in a small part of YAML:
// block mappings and sequences of one-line scalars, one-line [...] and {...} of scalars, literal
// "|" scripts, comments and "---". yaml-cpp's scanner, which tests every character against small
// regular expressions, spent most of lint's time on them (docs/performance.md). This scanner
// reads that part only and gives the builder the exact events, with the exact marks, that
// yaml-cpp gives for it; anything else (anchors, tags, folded scalars, multi-line or escaped
// scalars, nested flow collections, ...) makes it decline the document, which then goes to
// yaml-cpp (yaml_parse.cpp). Equality with yaml-cpp's events is what the tests check
// (tests/core/yaml_fast_test.cpp, tests/fuzz/fuzz_yaml_fast.cpp).

#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/emitterstyle.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/mark.h>

#include "rules/core/loader_internal.hpp"

namespace jobwarden::core::loader_internal {

namespace {

const std::string kPlainTag = "?";
const std::string kQuotedTag = "!";

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
// Characters of a plain mapping key the fast path takes.
bool is_key_char(char c) {
  return is_alnum(c) || c == '_' || c == '.' || c == '/' || c == '-';
}
// Characters of a plain scalar inside [...] the fast path takes.
bool is_flow_plain_char(char c) {
  return is_alnum(c) || c == '_' || c == '.' || c == '/' || c == '-' || c == '=' || c == '+';
}
// yaml-cpp reports these plain scalars as null events (IsNullString).
bool is_null_word(std::string_view v) {
  return v == "~" || v == "null" || v == "Null" || v == "NULL";
}

enum class LineKind { entry, key, other };

// kEmit false: only decide whether the text is in the subset (no handler calls). The same code
// then runs with kEmit true, so the events cannot differ from what was checked.
template <bool kEmit>
class SimpleScanner {
 public:
  // `text` starts at `shift` in the file's text; marks are given in the file's offsets.
  SimpleScanner(std::string_view text, std::size_t shift, YAML::EventHandler* handler)
      : text_(text), shift_(shift), handler_(handler) {}

  bool run() {
    const std::size_t n = text_.size();
    std::size_t pos = 0;
    while (pos < n) {
      const char* nl = static_cast<const char*>(std::memchr(text_.data() + pos, '\n', n - pos));
      const std::size_t eol = nl ? static_cast<std::size_t>(nl - text_.data()) : n;
      std::size_t i = pos;
      while (i < eol && text_[i] == ' ') ++i;
      next_line_ = eol + 1;
      if (i < eol && text_[i] != '#') {
        if (!line(pos, i, eol)) return false;
      }
      pos = next_line_;
    }
    end_document(n);
    return true;
  }

 private:
  struct Open {
    bool is_map;
    std::size_t indent;
    bool pending;  // a key (or "-") whose value has not started yet
  };

  bool line(std::size_t start, std::size_t i, std::size_t eol) {
    const std::size_t col = i - start;
    if (col == 0 && text_.compare(i, 3, "---") == 0 && (i + 3 == eol || text_[i + 3] == ' ')) {
      if (!rest_is_blank(i + 3, eol)) return false;
      end_document(i);
      start_document(i);
      return true;
    }
    if (col == 0 && (text_[i] == '%' || text_.compare(i, 3, "...") == 0)) return false;
    std::size_t key_end = 0;
    const LineKind kind = classify(i, eol, &key_end);
    if (kind == LineKind::other) return false;  // a scalar alone on its line
    if (!in_document_) start_document(i);
    if (!place(col, kind == LineKind::key, i)) return false;
    return kind == LineKind::key ? key_line(i, key_end, eol) : entry_line(start, i, eol);
  }

  LineKind classify(std::size_t i, std::size_t eol, std::size_t* key_end) const {
    if (text_[i] == '-' && (i + 1 == eol || text_[i + 1] == ' ')) return LineKind::entry;
    if (text_[i] == '-' || !is_key_char(text_[i])) return LineKind::other;
    std::size_t k = i;
    while (k < eol && is_key_char(text_[k])) ++k;
    if (k < eol && text_[k] == ':' && (k + 1 == eol || text_[k + 1] == ' ')) {
      if (key_end) *key_end = k;
      return LineKind::key;
    }
    return LineKind::other;
  }

  // Finds the container the node at column `col` belongs to, closing the ones it ends and
  // opening the one it starts; false when the layout is not one the fast path knows.
  bool place(std::size_t col, bool is_key, std::size_t at) {
    while (true) {
      if (stack_.empty()) {
        if (has_root_) return false;
        has_root_ = true;
        return open(is_key, col, at);
      }
      Open& top = stack_.back();
      if (top.indent > col) {
        close_top(at);
        continue;
      }
      if (top.indent == col) {
        if (top.is_map == is_key) {
          if (top.pending) null_event(at);
          top.pending = false;
          return true;
        }
        if (top.is_map) {  // "- " at a mapping's column: a sequence as the pending value
          if (!top.pending) return false;
          top.pending = false;
          return open(false, col, at);
        }
        // A key at a sequence's column ends that sequence if it is the value of a mapping at the
        // same column ("key:\n- a\nnext: b").
        if (stack_.size() >= 2 && stack_[stack_.size() - 2].is_map &&
            stack_[stack_.size() - 2].indent == col) {
          close_top(at);
          continue;
        }
        return false;
      }
      if (!top.pending) return false;  // deeper without a key or "-" waiting for a value
      top.pending = false;
      return open(is_key, col, at);
    }
  }

  // The key at i (ending at k, its ':') and the rest of its line.
  bool key_line(std::size_t i, std::size_t k, std::size_t eol) {
    scalar_event(i, text_.substr(i, k - i), false);
    std::size_t j = k + 1;
    while (j < eol && text_[j] == ' ') ++j;
    if (j == eol || text_[j] == '#') {
      stack_.back().pending = true;
      return true;
    }
    if (classify(j, eol, nullptr) != LineKind::other) return false;  // "a: - b", "a: b: c"
    return value(j, eol);
  }

  bool entry_line(std::size_t start, std::size_t i, std::size_t eol) {
    std::size_t j = i + 1;
    while (j < eol && text_[j] == ' ') ++j;
    if (j == eol || text_[j] == '#') {
      stack_.back().pending = true;
      return true;
    }
    std::size_t k = 0;
    switch (classify(j, eol, &k)) {
      case LineKind::entry:
        return false;  // "- - a"
      case LineKind::key:
        return open(true, j - start, j) && key_line(j, k, eol);
      case LineKind::other:
        return value(j, eol);
    }
    return false;
  }

  // A value on the rest of a line: a quoted or plain scalar, [...] of scalars, or {}.
  bool value(std::size_t j, std::size_t eol) {
    const char c = text_[j];
    if (c == '"' || c == '\'') {
      std::size_t end = 0;
      if (!quoted(j, eol, &end) || !rest_is_blank(end, eol)) return false;
      scalar_event(j, text_.substr(j + 1, end - j - 2), true);
      return true;
    }
    if (c == '[' || c == '{') return flow_collection(j, eol);
    if (c == '|') return literal_block(j, eol);
    if (std::strchr("-?:,]}#&*!>%@`", c) != nullptr) {
      // "-x" is a plain scalar; the other indicators start something else, or need a rule the
      // fast path does not follow.
      if (c != '-' || j + 1 >= eol || text_[j + 1] == ' ') return false;
    }
    // A plain scalar runs to a comment (" #") or the end of the line, without trailing blanks.
    std::size_t end = j;
    for (std::size_t p = j; p < eol; ++p) {
      const char ch = text_[p];
      if (ch == '#' && text_[p - 1] == ' ') break;
      if (ch == ':' && (p + 1 == eol || text_[p + 1] == ' ')) return false;  // a key, or an error
      if (ch != ' ') end = p + 1;
    }
    scalar_event(j, text_.substr(j, end - j), false);
    return true;
  }

  // A literal block scalar ("|", "|-" or "|+", no indentation indicator) on the lines after
  // `j`'s; the main loop goes on after its last line. Its indentation is its first line's, and
  // must be deeper than its parent's; blank lines with spaces past that indentation, leading
  // blank lines and a last line without its newline are left to yaml-cpp.
  bool literal_block(std::size_t j, std::size_t eol) {
    std::size_t p = j + 1;
    const char chomp = p < eol && (text_[p] == '-' || text_[p] == '+') ? text_[p++] : ' ';
    if (!rest_is_blank(p, eol)) return false;
    const std::size_t n = text_.size();
    std::size_t line = eol + 1;
    if (line >= n) return false;
    const std::size_t indent = leading_spaces(line);
    const std::size_t parent = stack_.back().indent;
    if (indent <= parent || line + indent >= n || text_[line + indent] == '\n') return false;
    if constexpr (kEmit) value_.clear();
    std::size_t blank_lines = 0;  // since the last content line
    while (line < n) {
      const char* nl = static_cast<const char*>(std::memchr(text_.data() + line, '\n', n - line));
      const std::size_t end = nl ? static_cast<std::size_t>(nl - text_.data()) : n;
      const std::size_t spaces = leading_spaces(line);
      if (line + spaces < end && spaces < indent) break;  // the scalar ends before this line
      if (nl == nullptr) return false;
      if (line + spaces == end) {
        if (spaces > indent) return false;
        ++blank_lines;
      } else {
        if constexpr (kEmit) {
          value_.append(blank_lines, '\n');
          value_.append(text_.substr(line + indent, end - line - indent));
          value_ += '\n';
        }
        blank_lines = 0;
      }
      line = end + 1;
    }
    next_line_ = line;
    if constexpr (kEmit) {
      if (chomp == '-') value_.pop_back();
      if (chomp == '+') value_.append(blank_lines, '\n');
      handler_->OnScalar(mark(j), kQuotedTag, 0, value_);
    }
    return true;
  }

  std::size_t leading_spaces(std::size_t p) const {
    std::size_t q = p;
    while (q < text_.size() && text_[q] == ' ') ++q;
    return q - p;
  }

  // A quoted scalar on one line without escapes ('' or \): *end is one past its closing quote.
  bool quoted(std::size_t j, std::size_t eol, std::size_t* end) const {
    const char q = text_[j];
    for (std::size_t p = j + 1; p < eol; ++p) {
      if (text_[p] == '\\') return false;
      if (text_[p] == q) {
        if (q == '\'' && p + 1 < eol && text_[p + 1] == '\'') return false;
        *end = p + 1;
        return true;
      }
    }
    return false;
  }

  // [...] of scalars or {...} of "key: scalar" pairs, on one line.
  bool flow_collection(std::size_t j, std::size_t eol) {
    const bool is_map = text_[j] == '{';
    const char close = is_map ? '}' : ']';
    if constexpr (kEmit) {
      if (is_map) {
        handler_->OnMapStart(mark(j), kPlainTag, 0, YAML::EmitterStyle::Flow);
      } else {
        handler_->OnSequenceStart(mark(j), kPlainTag, 0, YAML::EmitterStyle::Flow);
      }
    }
    std::size_t p = skip_blanks(j + 1, eol);
    if (p < eol && text_[p] == close) return close_flow(p, eol, is_map);
    while (p < eol) {
      if (is_map) {
        std::size_t k = p;
        if (text_[k] == '-') return false;
        while (k < eol && is_key_char(text_[k])) ++k;
        if (k == p || k + 1 >= eol || text_[k] != ':' || text_[k + 1] != ' ') return false;
        scalar_event(p, text_.substr(p, k - p), false);
        p = skip_blanks(k + 1, eol);
        if (p >= eol) return false;
      }
      if (!flow_scalar(p, eol, &p)) return false;
      p = skip_blanks(p, eol);
      if (p >= eol) return false;
      if (text_[p] == close) return close_flow(p, eol, is_map);
      if (text_[p] != ',') return false;
      p = skip_blanks(p + 1, eol);
      if (p < eol && text_[p] == close) return false;  // "[a, ]"
    }
    return false;
  }

  // A quoted or plain scalar inside [...] or {...}; *end is one past it.
  bool flow_scalar(std::size_t p, std::size_t eol, std::size_t* end) {
    const char c = text_[p];
    if (c == '"' || c == '\'') {
      if (!quoted(p, eol, end)) return false;
      scalar_event(p, text_.substr(p + 1, *end - p - 2), true);
      return true;
    }
    const bool dash_scalar = c == '-' && p + 1 < eol && is_flow_plain_char(text_[p + 1]);
    if (!(is_alnum(c) || c == '/' || c == '.' || c == '_' || dash_scalar)) return false;
    std::size_t q = p;
    while (q < eol && is_flow_plain_char(text_[q])) ++q;
    scalar_event(p, text_.substr(p, q - p), false);
    *end = q;
    return true;
  }

  bool close_flow(std::size_t p, std::size_t eol, bool is_map) {
    if (!rest_is_blank(p + 1, eol)) return false;
    if constexpr (kEmit) {
      if (is_map) {
        handler_->OnMapEnd();
      } else {
        handler_->OnSequenceEnd();
      }
    }
    return true;
  }

  std::size_t skip_blanks(std::size_t p, std::size_t eol) const {
    while (p < eol && text_[p] == ' ') ++p;
    return p;
  }

  // Only blanks, or blanks and a comment, from p to the end of the line.
  bool rest_is_blank(std::size_t p, std::size_t eol) const {
    if (p == eol) return true;
    if (text_[p] != ' ') return false;
    p = skip_blanks(p, eol);
    return p == eol || text_[p] == '#';
  }

  void start_document(std::size_t at) {
    in_document_ = true;
    has_root_ = false;
    if constexpr (kEmit) handler_->OnDocumentStart(mark(at));
  }

  // `next` is where the next token is ("---" or the end): yaml-cpp's mark for implicit nulls.
  void end_document(std::size_t next) {
    if (!in_document_) return;
    while (!stack_.empty()) close_top(next);
    if (!has_root_) null_event(next);
    in_document_ = false;
    if constexpr (kEmit) handler_->OnDocumentEnd();
  }

  // Deeper than this, yaml-cpp's own depth limit (500 nested nodes) is near, and its error is
  // the one users get: the fast path leaves such text to it.
  static constexpr std::size_t kMaxDepth = 200;

  bool open(bool is_map, std::size_t col, std::size_t at) {
    if (stack_.size() >= kMaxDepth) return false;
    stack_.push_back(Open{is_map, col, false});
    if constexpr (kEmit) {
      if (is_map) {
        handler_->OnMapStart(mark(at), kPlainTag, 0, YAML::EmitterStyle::Block);
      } else {
        handler_->OnSequenceStart(mark(at), kPlainTag, 0, YAML::EmitterStyle::Block);
      }
    }
    return true;
  }

  void close_top(std::size_t next) {
    const Open top = stack_.back();
    if (top.pending) null_event(next);
    stack_.pop_back();
    if constexpr (kEmit) {
      if (top.is_map) {
        handler_->OnMapEnd();
      } else {
        handler_->OnSequenceEnd();
      }
    }
  }

  void null_event(std::size_t at) {
    if constexpr (kEmit) handler_->OnNull(mark(at), 0);
  }

  void scalar_event(std::size_t at, std::string_view value, bool quoted_style) {
    if constexpr (kEmit) {
      if (!quoted_style && is_null_word(value)) {
        handler_->OnNull(mark(at), 0);
        return;
      }
      value_.assign(value);
      handler_->OnScalar(mark(at), quoted_style ? kQuotedTag : kPlainTag, 0, value_);
    }
  }

  YAML::Mark mark(std::size_t at) const {
    YAML::Mark m;
    m.pos = static_cast<int>(at + shift_);
    return m;
  }

  std::string_view text_;
  std::size_t shift_;
  YAML::EventHandler* handler_;
  std::vector<Open> stack_;
  bool in_document_ = false;
  bool has_root_ = false;
  std::string value_;
  std::size_t next_line_ = 0;  // where the main loop goes on
};

}  // namespace

// Characters and lines the fast path leaves to yaml-cpp in the whole text: tabs and CR have
// rules of their own (tab indentation is refused with its own message), other control
// characters are refused before parsing (check_text); directives and "..." change how the
// documents after them are split.
bool fast_path_characters(std::string_view text) {
  // No early exit: a loop without branches, which the compiler vectorizes.
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  unsigned char control = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char u = bytes[i];
    control |= static_cast<unsigned char>((u < 0x20) & (u != '\n')) |
               static_cast<unsigned char>(u == 0x7F);
  }
  if (control != 0) return false;
  if (text.find(kBom) != std::string_view::npos) return false;
  if (text.size() > static_cast<std::size_t>(INT32_MAX)) return false;  // Mark::pos is an int
  if (text.starts_with('%') || text.starts_with("...")) return false;
  return text.find("\n%") == std::string_view::npos && text.find("\n...") == std::string_view::npos;
}

bool simple_yaml_document_events(std::string_view part, std::size_t shift,
                                 YAML::EventHandler& handler) {
  if (!SimpleScanner<false>(part, shift, nullptr).run()) return false;
  SimpleScanner<true>(part, shift, &handler).run();
  return true;
}

bool simple_yaml_events(std::string_view text, YAML::EventHandler& handler) {
  return fast_path_characters(text) && simple_yaml_document_events(text, 0, handler);
}

}  // namespace jobwarden::core::loader_internal
