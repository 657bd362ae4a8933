#pragma once

// Internal to the loader (rules/core/loader*.cpp, yaml_*.cpp): the pieces parse_documents is
// made of. Not for use outside the loader.

#include <string.h>  // memrchr

#include <algorithm>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "rules/core/load_limits.hpp"
#include "rules/core/manifest.hpp"

namespace YAML {
class EventHandler;
}

namespace jobwarden::core::loader_internal {

inline constexpr std::string_view kBom = "\xEF\xBB\xBF";
inline constexpr std::size_t kNpos = std::string::npos;

inline bool is_blank(char c) {
  return c == ' ' || c == '\t';
}
inline bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// --- positions (loader_positions.cpp)
// Converts byte offsets into 1-based line and column (columns count UTF-8 characters, as
// editors do). Queries are expected to move forward through the text; going back is supported
// and costs the distance gone back.
class LineIndex {
 public:
  LineIndex(std::string_view text, std::size_t base)
      : text_(text), base_(base), off_(base), line_start_(base) {}

  Position at(std::size_t off) {
    off = std::min(off, text_.size());
    if (off >= off_) {
      // Newlines with the library's search and count; columns only on the last line.
      const char* p = text_.data();
      const void* nl = ::memrchr(p + off_, '\n', off - off_);
      if (nl != nullptr) {
        const auto last = static_cast<std::size_t>(static_cast<const char*>(nl) - p);
        line_ += static_cast<int>(std::count(p + off_, p + last + 1, '\n'));
        line_start_ = last + 1;
        col_ = 1 + count_chars(last + 1, off);
      } else {
        col_ += count_chars(off_, off);
      }
      off_ = off;
      return {line_, col_};
    }
    off = std::max(off, base_);
    int newlines = static_cast<int>(std::count(text_.begin() + off, text_.begin() + off_, '\n'));
    std::size_t start = line_start_;
    if (newlines > 0) {
      std::size_t nl = text_.rfind('\n', off == 0 ? 0 : off - 1);
      start = nl == std::string_view::npos || nl < base_ || off == 0 ? base_ : nl + 1;
      if (off > 0 && text_[off - 1] == '\n') start = off;
    }
    return {line_ - newlines, 1 + count_chars(start, off)};
  }

  int count_chars(std::size_t from, std::size_t to) const {
    int n = 0;
    for (std::size_t i = from; i < to; ++i) {
      n += (static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80;
    }
    return n;
  }

 private:
  std::string_view text_;
  std::size_t base_;
  std::size_t off_;
  std::size_t line_start_;
  int line_ = 1;
  int col_ = 1;
};

// Position of `off` computed from scratch (for errors).
Position position_of(std::string_view text, std::size_t base, std::size_t off);

// --- input checks and limits (loader_checks.cpp)

// Validates UTF-8 and rejects control characters YAML does not allow. Returns the offending
// offset and a message.
std::optional<std::pair<std::size_t, std::string>> check_text(std::string_view text,
                                                              std::size_t base);
// 1-based lines whose leading whitespace contains a tab, with the column of that tab.
std::vector<std::pair<int, int>> tab_indented_lines(std::string_view text, std::size_t base);
// `line` is one of `tab_lines`; sets *col to the tab's column.
bool has_tab_line(const std::vector<std::pair<int, int>>& tab_lines, int line, int* col);
// The first non-blank character opens a JSON object or array.
bool looks_like_json(std::string_view text, std::size_t base);

// --- scalar typing (yaml_scalars.cpp)

// yaml-cpp's tag for a plain scalar without an explicit tag; checked for every scalar, so inline
// (std::string == const char* is an out-of-line compare).
inline bool is_plain_tag(const std::string& tag) {
  return tag.size() == 1 && tag[0] == '?';
}

// A scalar's JSON value from its tag ("?" for plain, "!" for quoted, or an explicit tag).
nlohmann::json type_scalar(const std::string& tag, const std::string& value);

// --- reading the source text at an offset (yaml_text.cpp)

// Skips node properties (&anchor, !tag) and the blanks/comments after them.
std::size_t content_offset(std::string_view text, std::size_t p);
// The null word ("null", "Null", "NULL", "~") at `off`, or empty.
std::string_view null_word(std::string_view text, std::size_t off);
// The line holding `off` contains "{{": Helm/Go template syntax, which YAML reads as nested
// flow mappings.
bool on_template_line(std::string_view text, std::size_t off);
// End of a quoted scalar starting at `off` (one past the closing quote), or npos.
std::size_t quoted_end(std::string_view text, std::size_t off);
NodeStyle scalar_style(std::string_view text, const std::string& tag, std::size_t off);

// --- the fast path (yaml_fast.cpp)

// When `text` is written in the block-YAML subset manifests nearly always use, calls `handler`
// with exactly the events (and marks) yaml-cpp's parser would, and returns true; otherwise
// returns false without calling it. Exceptions from `handler` pass through.
bool simple_yaml_events(std::string_view text, YAML::EventHandler& handler);
// Characters and lines in `text` that keep the fast path from every document of it.
bool fast_path_characters(std::string_view text);
// simple_yaml_events for one document `part` of a text that passed fast_path_characters; `part`
// starts at `shift` in that text, and the marks are the text's offsets.
bool simple_yaml_document_events(std::string_view part, std::size_t shift,
                                 YAML::EventHandler& handler);

// --- a text's events (yaml_parse.cpp)

// The events of `text`, with its marks and its error (YAML::Exception), as yaml-cpp's parser
// gives them for the whole text; with `fast_path`, each document the fast path takes is read by
// it instead.
void parse_events(std::string_view text, YAML::EventHandler& handler, bool fast_path);

// --- the event builder (yaml_builder.cpp)

// A failure the builder raises: at a byte offset, or at a known position.
struct Failure {
  std::size_t offset;  // npos when unknown
  std::string message;
  Position pos{};  // set instead of offset when known directly
};

using Deliver = std::function<void(std::shared_ptr<const Document>)>;

// Runs the fast path or else yaml-cpp's event parser over parse_text[base..] (the text of `file`,
// tabs replaced for JSON input) and delivers each document with its JSON and SourceMap. Documents
// completed before an error are delivered; the error is thrown (Failure or a YAML::Exception).
void build_documents(const std::shared_ptr<const SourceFile>& file, const std::string& parse_text,
                     std::size_t base, const std::vector<std::pair<int, int>>& tab_lines,
                     const LoadLimits& limits, const Deliver& deliver, bool json_input);

}  // namespace jobwarden::core::loader_internal
