#include "rules/core/loader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <istream>
#include <limits>
#include <streambuf>
#include <string_view>
#include <unordered_map>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include "rules/core/json_pointer.hpp"
#include "rules/core/utf8.hpp"

namespace jobwarden::core {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// ---------------------------------------------------------------------------------------------
// Pragmas

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

void scan_pragmas(SourceFile& file) {
  static constexpr std::string_view kNeedle = "jobwarden:ignore";
  std::string_view text = file.text;
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
      if (!id.empty()) file.ignore_pragmas[line].insert(std::string(id));
      if (comma == std::string_view::npos) break;
      ids.remove_prefix(comma + 1);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Positions

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
      for (std::size_t i = off_; i < off; ++i) {
        unsigned char c = static_cast<unsigned char>(text_[i]);
        if (c == '\n') {
          ++line_;
          col_ = 1;
          line_start_ = i + 1;
        } else if ((c & 0xC0) != 0x80) {
          ++col_;
        }
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
Position position_of(std::string_view text, std::size_t base, std::size_t off) {
  LineIndex index(text, base);
  return index.at(off);
}

// ---------------------------------------------------------------------------------------------
// Input checks

// Validates UTF-8 and rejects control characters YAML does not allow. Returns the offending
// offset and a message.
std::optional<std::pair<std::size_t, std::string>> check_text(std::string_view text,
                                                              std::size_t base) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t n = text.size();
  std::size_t i = base;
  while (i < n) {
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
  return std::nullopt;
}

// 1-based lines whose leading whitespace contains a tab, with the column of that tab.
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

// ---------------------------------------------------------------------------------------------
// Scalars, typed the way sigs.k8s.io/yaml (go-yaml v2, YAML 1.1) reads them.

bool all_digits(std::string_view s, int base) {
  if (s.empty()) return false;
  for (char c : s) {
    int d;
    if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if (c >= 'a' && c <= 'z') {
      d = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'Z') {
      d = c - 'A' + 10;
    } else {
      return false;
    }
    if (d >= base) return false;
  }
  return true;
}

// Go's strconv.ParseUint(s, 0, 64) without the sign handling.
std::optional<std::uint64_t> parse_go_uint(std::string_view s) {
  if (s.empty()) return std::nullopt;
  int base = 10;
  if (s[0] == '0') {
    char p = s.size() >= 3 ? static_cast<char>(s[1] | 0x20) : '\0';
    if (p == 'b') {
      base = 2;
      s.remove_prefix(2);
    } else if (p == 'o') {
      base = 8;
      s.remove_prefix(2);
    } else if (p == 'x') {
      base = 16;
      s.remove_prefix(2);
    } else {
      base = 8;
      s.remove_prefix(1);
      if (s.empty()) return 0;
    }
  }
  if (!all_digits(s, base)) return std::nullopt;
  std::uint64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

// ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
bool yaml_style_float(std::string_view s) {
  std::size_t i = 0;
  auto digits = [&] {
    std::size_t b = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i - b;
  };
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (digits() == 0) return false;
  } else {
    if (digits() == 0) return false;
    if (i < s.size() && s[i] == '.') {
      ++i;
      digits();
    }
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (digits() == 0) return false;
  }
  return i == s.size();
}

std::optional<double> parse_float(std::string_view s) {
  std::string tmp(s);
  if (!tmp.empty() && tmp[0] == '+') tmp.erase(0, 1);
  double v = 0;
  auto [ptr, ec] = std::from_chars(tmp.data(), tmp.data() + tmp.size(), v);
  if (ec != std::errc() || ptr != tmp.data() + tmp.size() || !std::isfinite(v)) {
    return std::nullopt;
  }
  return v;
}

// encoding/json writes an integral float64 below 1e21 without a fraction, so the API server
// reads `1.0` or `1e3` as an integer; keep such values as integers.
json float_value(double v) {
  if (v == std::floor(v) && std::fabs(v) < 9.2e18) {
    return json(static_cast<std::int64_t>(v));
  }
  return json(v);
}

json resolve_plain(std::string_view s) {
  static const std::unordered_map<std::string_view, int> words = {
      {"y", 1},    {"Y", 1},  {"yes", 1},   {"Yes", 1},   {"YES", 1},   {"true", 1}, {"True", 1},
      {"TRUE", 1}, {"on", 1}, {"On", 1},    {"ON", 1},    {"n", 0},     {"N", 0},    {"no", 0},
      {"No", 0},   {"NO", 0}, {"false", 0}, {"False", 0}, {"FALSE", 0}, {"off", 0},  {"Off", 0},
      {"OFF", 0},  {"", 2},   {"~", 2},     {"null", 2},  {"Null", 2},  {"NULL", 2},
  };
  if (auto it = words.find(s); it != words.end()) {
    return it->second == 2 ? json(nullptr) : json(it->second == 1);
  }
  // .inf / .nan cannot be represented in JSON: they stay strings (the API server would refuse
  // them anyway).
  char hint = s[0];
  if (hint == '.') {
    if (yaml_style_float(s)) {
      if (auto v = parse_float(s)) return float_value(*v);
    }
    return json(std::string(s));
  }
  if (!((hint >= '0' && hint <= '9') || hint == '+' || hint == '-')) return json(std::string(s));

  std::string plain;
  plain.reserve(s.size());
  for (char c : s) {
    if (c != '_') plain += c;
  }
  std::string_view body = plain;
  bool negative = false;
  if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
    negative = body[0] == '-';
    body.remove_prefix(1);
  }
  if (auto u = parse_go_uint(body)) {
    constexpr auto max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    if (!negative && *u <= max) return json(static_cast<std::int64_t>(*u));
    if (negative && *u <= max + 1) {
      return json(*u == max + 1 ? std::numeric_limits<std::int64_t>::min()
                                : -static_cast<std::int64_t>(*u));
    }
    if (!negative && plain[0] != '+') return json(*u);  // ParseUint takes no sign
  }
  if (yaml_style_float(plain)) {
    if (auto v = parse_float(plain)) return float_value(*v);
  }
  return json(std::string(s));
}

constexpr std::string_view kTagPrefix = "tag:yaml.org,2002:";

json type_scalar(const std::string& tag, const std::string& value) {
  if (tag == "?") return resolve_plain(value);
  if (tag == "!" || !std::string_view(tag).starts_with(kTagPrefix)) return json(value);
  std::string_view kind = std::string_view(tag).substr(kTagPrefix.size());
  if (kind == "str") return json(value);
  json resolved = resolve_plain(value);
  if (kind == "int" && resolved.is_number_integer()) return resolved;
  if (kind == "float" && resolved.is_number()) return resolved;
  if (kind == "bool" && resolved.is_boolean()) return resolved;
  if (kind == "null" && resolved.is_null()) return resolved;
  return json(value);
}

// ---------------------------------------------------------------------------------------------
// The event handler

struct Failure {
  std::size_t offset;  // npos when unknown
  std::string message;
  Position pos{};  // set instead of offset when known directly
};

// A read-only std::streambuf over memory: yaml-cpp reads the text without a copy.
class MemoryBuffer : public std::streambuf {
 public:
  MemoryBuffer(const char* begin, const char* end) {
    char* b = const_cast<char*>(begin);
    setg(b, b, const_cast<char*>(end));
  }
};

constexpr std::size_t kNpos = std::string::npos;

class Builder final : public YAML::EventHandler {
 public:
  using Deliver = std::function<void(std::shared_ptr<const Document>)>;

  Builder(const std::shared_ptr<const SourceFile>& file, std::size_t base,
          std::vector<std::pair<int, int>> tab_lines, const LoadLimits& limits,
          const Deliver& deliver, bool json_input)
      : json_input_(json_input),
        file_(file),
        text_(file->text),
        base_(base),
        lines_(text_, base),
        tab_lines_(std::move(tab_lines)),
        limits_(limits),
        deliver_(deliver) {}

  void OnDocumentStart(const YAML::Mark& mark) override {
    std::size_t off = offset(mark);
    flush(off);
    doc_ = std::make_shared<Document>();
    doc_->file = file_;
    doc_->index = stream_index_++;
    doc_->begin_offset = off;
    doc_->begin_line = lines_.at(off).line;
    frames_.clear();
    anchors_.clear();
    anchor_names_.clear();
    pointer_.clear();
    merge_depth_ = 0;
  }

  void OnDocumentEnd() override {
    if (doc_ && !doc_->value.is_null()) pending_ = std::move(doc_);
    doc_.reset();
  }

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    count_event(mark);
    std::size_t off = content_offset(offset(mark));
    bool explicit_null = is_null_word(off);
    if (is_key()) {
      std::string key = explicit_null ? std::string(null_word(off)) : std::string();
      std::size_t end = explicit_null ? off + key.size() : kNpos;
      take_key(std::move(key), off, end, false);
      if (anchor) remember(anchor, json(nullptr), 1);
      return;
    }
    enter_item();
    Frame* top = frames_.empty() ? nullptr : &frames_.back();
    Position pos;
    if (explicit_null) {
      pos = lines_.at(off);
      // "key:" followed by a sibling key that happens to be spelled "null": the null is implicit.
      if (top && top->is_map && top->block && pos.line > top->key_pos.line &&
          pos.col <= top->key_pos.col) {
        explicit_null = false;
      }
    }
    NodeStyle style = NodeStyle::plain;
    if (!explicit_null) {
      style = NodeStyle::null_implicit;
      off = implicit_null_offset(top, off);
      pos = lines_.at(off);
    }
    check_tab(pos, explicit_null);
    record(off, pos, style);
    ++node_count_;
    if (anchor) remember(anchor, json(nullptr), 1);
    finish(json(nullptr));
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    count_event(mark);
    std::size_t off = offset(mark);
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) {
      fail(off, "alias *" + anchor_name(anchor) +
                    " refers to a node that contains it (recursive alias)");
    }
    add_alias_nodes(off, it->second.nodes);
    if (is_key()) {
      const json& v = it->second.value;
      take_key(v.is_string() ? v.get<std::string>() : v.dump(), off, kNpos, false);
      return;
    }
    enter_item();
    Position pos = lines_.at(off);
    check_tab(pos, true);
    record(off, pos, NodeStyle::alias);
    finish(json(it->second.value));
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    count_event(mark);
    std::size_t off = content_offset(offset(mark));
    if (is_key()) {
      std::size_t end = kNpos;
      char c = off < text_.size() ? text_[off] : '\0';
      if (tag == "?") {
        end = off + value.size();
      } else if (c == '"' || c == '\'') {
        end = quoted_end(off);
        if (end == kNpos) fail(off, "yaml: unterminated quoted string");
      }
      take_key(value, off, end, tag == "?");
      if (anchor) remember(anchor, json(value), 1);
      ++node_count_;
      return;
    }
    enter_item();
    Position pos = lines_.at(off);
    check_tab(pos, true);
    NodeStyle style = scalar_style(tag, off);
    // yaml-cpp accepts a quoted scalar that runs to the end of the input.
    if ((style == NodeStyle::single_quoted || style == NodeStyle::double_quoted) &&
        quoted_end(off) == kNpos) {
      fail(off, "yaml: unterminated quoted string");
    }
    record(off, pos, style);
    json v = type_scalar(tag, value);
    ++node_count_;
    if (anchor) remember(anchor, v, 1);
    finish(std::move(v));
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value style) override {
    start_container(mark, anchor, style, false);
  }
  void OnSequenceEnd() override { end_container(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value style) override {
    start_container(mark, anchor, style, true);
  }
  void OnMapEnd() override { end_container(); }

  void OnAnchor(const YAML::Mark& /*mark*/, const std::string& name) override {
    last_anchor_name_ = name;
  }

  // Delivers the document that waits for its end offset.
  void flush(std::size_t end_offset) {
    if (!pending_) return;
    pending_->end_offset = end_offset;
    std::shared_ptr<const Document> doc = std::move(pending_);
    pending_.reset();
    deliver_(std::move(doc));
  }

  bool has_tab_line(int line, int* col = nullptr) const {
    auto it = std::lower_bound(tab_lines_.begin(), tab_lines_.end(), std::pair{line, 0});
    if (it == tab_lines_.end() || it->first != line) return false;
    if (col) *col = it->second;
    return true;
  }

  std::size_t base() const { return base_; }

 private:
  struct Frame {
    bool is_map = false;
    bool block = true;
    bool merge_value = false;  // this container is the value of a "<<" key
    bool complex_key = false;  // this container is used as a mapping key
    std::size_t offset = 0;
    json value;
    std::size_t pointer_len = 0;
    std::size_t index = 0;
    // Mapping state: the key whose value is being read.
    bool have_key = false;
    bool key_is_merge = false;
    std::string key;
    Position key_pos;
    std::size_t key_offset = kNpos;
    std::size_t key_end = kNpos;
    std::vector<std::pair<json, SourceNode>> merges;
    YAML::anchor_t anchor = 0;
    std::size_t count_start = 0;
  };

  struct Anchored {
    json value;
    std::size_t nodes = 0;
  };

  // yaml-cpp 0.7 can loop forever on some malformed flow input, emitting node events without
  // reading further. Every node takes at least one token of input, so more events than twice
  // the input size (plus slack) means the parser is stuck.
  void count_event(const YAML::Mark& mark) {
    if (++events_ > event_budget_) {
      fail(offset(mark), "yaml: the YAML parser stopped making progress (malformed input)");
    }
  }

  [[noreturn]] void fail(std::size_t off, std::string message) {
    throw Failure{off, std::move(message)};
  }

  std::size_t offset(const YAML::Mark& mark) const {
    return static_cast<std::size_t>(std::max(mark.pos, 0)) + base_;
  }

  // Skips node properties (&anchor, !tag) and the blanks/comments after them.
  std::size_t content_offset(std::size_t p) const {
    std::size_t n = text_.size();
    while (p < n && (text_[p] == '&' || text_[p] == '!')) {
      if (text_[p] == '!' && p + 1 < n && text_[p + 1] == '<') {
        while (p < n && text_[p] != '>') ++p;
        if (p < n) ++p;
      }
      while (p < n && !is_space(text_[p]) &&
             std::string_view(",[]{}").find(text_[p]) == std::string_view::npos) {
        ++p;
      }
      while (p < n) {
        if (is_space(text_[p])) {
          ++p;
        } else if (text_[p] == '#') {
          while (p < n && text_[p] != '\n') ++p;
        } else {
          break;
        }
      }
    }
    return p;
  }

  std::string_view null_word(std::size_t off) const {
    for (std::string_view w : {"null", "Null", "NULL", "~"}) {
      if (text_.substr(off, w.size()) == w) {
        std::size_t after = off + w.size();
        if (after >= text_.size() || is_space(text_[after]) ||
            std::string_view(",]}:#").find(text_[after]) != std::string_view::npos) {
          return w;
        }
      }
    }
    return {};
  }
  bool is_null_word(std::size_t off) const { return !null_word(off).empty(); }

  // The line holding `off` contains "{{": Helm/Go template syntax, which YAML reads as nested
  // flow mappings.
  bool on_template_line(std::size_t off) const {
    std::size_t begin = text_.rfind('\n', std::min(off, text_.size()));
    begin = begin == std::string_view::npos ? 0 : begin + 1;
    std::size_t end = text_.find('\n', off);
    return text_.substr(begin, end == std::string_view::npos ? end : end - begin).find("{{") !=
           std::string_view::npos;
  }

  // End of a quoted scalar starting at `off` (one past the closing quote), or npos.
  std::size_t quoted_end(std::size_t off) const {
    char q = text_[off];
    for (std::size_t i = off + 1; i < text_.size(); ++i) {
      if (q == '"' && text_[i] == '\\') {
        ++i;
      } else if (text_[i] == q) {
        if (q == '\'' && i + 1 < text_.size() && text_[i + 1] == '\'') {
          ++i;
        } else {
          return i + 1;
        }
      }
    }
    return kNpos;
  }

  // Where an implicit null "is": just after the ':' of its key, or after the '-' of its item.
  std::size_t implicit_null_offset(const Frame* top, std::size_t next_token) const {
    if (top && top->is_map) {
      if (top->key_end != kNpos) {
        std::size_t p = top->key_end;
        while (p < text_.size() && is_blank(text_[p])) ++p;
        if (p < text_.size() && text_[p] == ':') return p + 1;
      }
      return top->key_offset;
    }
    if (top && !top->is_map) {
      std::size_t p = std::min(next_token, text_.size());
      while (p > base_ && is_space(text_[p - 1])) --p;
      if (p > base_ && (text_[p - 1] == '-' || text_[p - 1] == ',' || text_[p - 1] == '[')) {
        return p;
      }
    }
    return next_token;
  }

  NodeStyle scalar_style(const std::string& tag, std::size_t off) const {
    if (tag == "?" || off >= text_.size()) return NodeStyle::plain;
    switch (text_[off]) {
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

  bool is_key() const {
    return !frames_.empty() && frames_.back().is_map && !frames_.back().have_key;
  }

  // Extends the pointer for a sequence item.
  void enter_item() {
    if (frames_.empty()) return;
    Frame& top = frames_.back();
    if (!top.is_map) {
      pointer_ += '/';
      pointer_ += std::to_string(top.index);
    }
  }

  void take_key(std::string key, std::size_t off, std::size_t end, bool plain) {
    Frame& top = frames_.back();
    top.key_offset = off;
    top.key_pos = lines_.at(off);
    top.key_end = end;
    check_tab(top.key_pos, true);
    top.have_key = true;
    if (plain && key == "<<") {
      top.key_is_merge = true;
      ++merge_depth_;
      pointer_ += "/<<";
      return;
    }
    if (top.value.contains(key)) {
      std::string message = "duplicate key \"" + key + "\"";
      std::string first = join_pointer(pointer_, key);
      if (const SourceNode* node = doc_->source.find(first); node && node->key.known()) {
        message += " (first at line " + std::to_string(node->key.line) + ")";
      }
      if (!json_input_ && frames_.size() == 1 && (key == "apiVersion" || key == "kind")) {
        // Two objects run together: the usual cause is a missing document separator.
        message += "; a \"---\" separator between two documents is probably missing";
      }
      throw Failure{off, std::move(message), top.key_pos};
    }
    pointer_ += '/';
    pointer_ += escape_pointer_token(key);
    top.key = std::move(key);
  }

  void record(std::size_t off, Position pos, NodeStyle style) {
    if (frames_.empty()) doc_->start = pos;
    if (merge_depth_ > 0) return;
    SourceNode node;
    node.value = pos;
    node.value_offset = off;
    node.style = style;
    if (!frames_.empty() && frames_.back().is_map) {
      node.key = frames_.back().key_pos;
      node.key_offset = frames_.back().key_offset;
    }
    doc_->source.set(pointer_, node);
  }

  // Node starting on a tab-indented line in block context: YAML forbids it (go-yaml refuses it,
  // yaml-cpp sometimes accepts it silently).
  void check_tab(Position pos, bool real_token) {
    if (tab_lines_.empty() || !real_token) return;
    if (!frames_.empty() && !frames_.back().block) return;
    int col = 0;
    if (has_tab_line(pos.line, &col)) {
      throw Failure{kNpos, "tab character used for indentation (YAML forbids tabs; use spaces)",
                    Position{pos.line, col}};
    }
  }

  void remember(YAML::anchor_t anchor, json value, std::size_t nodes) {
    anchors_[anchor] = Anchored{std::move(value), nodes};
    if (!last_anchor_name_.empty()) anchor_names_[anchor] = std::move(last_anchor_name_);
    last_anchor_name_.clear();
  }

  std::string anchor_name(YAML::anchor_t anchor) const {
    auto it = anchor_names_.find(anchor);
    return it == anchor_names_.end() ? std::to_string(anchor) : it->second;
  }

  void add_alias_nodes(std::size_t off, std::size_t nodes) {
    alias_nodes_ += nodes;
    node_count_ += nodes;
    if (alias_nodes_ > limits_.max_alias_nodes) {
      fail(off, "alias expansion exceeds " + std::to_string(limits_.max_alias_nodes) +
                    " nodes (possible alias bomb)");
    }
  }

  void start_container(const YAML::Mark& mark, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value style, bool is_map) {
    count_event(mark);
    std::size_t off = content_offset(offset(mark));
    // A mapping or sequence used as a key is refused when it ends (so that a deeply nested key
    // still reports the nesting first).
    bool complex_key = is_key();
    if (!complex_key) enter_item();
    Position pos = lines_.at(off);
    check_tab(pos, true);
    bool block = style != YAML::EmitterStyle::Flow;
    if (!complex_key) record(off, pos, block ? NodeStyle::block : NodeStyle::flow);
    if (frames_.size() >= limits_.max_depth) {
      throw Failure{off,
                    "nesting deeper than " + std::to_string(limits_.max_depth) +
                        " levels (limit; possible attack)",
                    pos};
    }
    bool merge_value = !frames_.empty() && frames_.back().is_map && frames_.back().key_is_merge;
    Frame frame;
    frame.complex_key = complex_key;
    frame.offset = off;
    frame.is_map = is_map;
    frame.block = block;
    frame.merge_value = merge_value;
    frame.value = is_map ? json::object() : json::array();
    frame.pointer_len = pointer_.size();
    frame.anchor = anchor;
    frame.count_start = node_count_;
    if (anchor) {
      anchor_names_[anchor] = last_anchor_name_;
      last_anchor_name_.clear();
    }
    ++node_count_;
    frames_.push_back(std::move(frame));
  }

  void end_container() {
    Frame& top = frames_.back();
    if (top.is_map && !top.merges.empty()) apply_merges(top);
    Frame frame = std::move(frames_.back());
    frames_.pop_back();
    if (frame.complex_key) {
      std::string message =
          "complex mapping keys (a mapping or sequence used as a key) are not supported";
      if (on_template_line(frame.offset)) {
        message +=
            "; this looks like an unrendered Helm template ({{ ... }}): lint the rendered "
            "manifests instead, e.g. `helm template RELEASE CHART | jobwarden lint -`";
      }
      fail(frame.offset, std::move(message));
    }
    if (frame.anchor) {
      anchors_[frame.anchor] = Anchored{frame.value, node_count_ - frame.count_start};
    }
    finish(std::move(frame.value));
  }

  void apply_merges(Frame& frame) {
    std::string base = pointer_.substr(0, frame.pointer_len);
    for (auto& [value, node] : frame.merges) {
      auto merge_one = [&](const json& mapping) {
        if (!mapping.is_object()) {
          fail(node.value_offset, "merge key \"<<\" needs a mapping or a sequence of mappings");
        }
        for (const auto& [k, v] : mapping.items()) {
          if (frame.value.contains(k)) continue;
          frame.value[k] = v;
          if (merge_depth_ == 0) doc_->source.set(join_pointer(base, k), node);
        }
      };
      if (value.is_array()) {
        for (const auto& item : value) merge_one(item);
      } else {
        merge_one(value);
      }
    }
    frame.merges.clear();
  }

  void finish(json&& value) {
    if (frames_.empty()) {
      doc_->value = std::move(value);
      return;
    }
    Frame& top = frames_.back();
    if (top.is_map) {
      if (top.key_is_merge) {
        --merge_depth_;
        top.key_is_merge = false;
        SourceNode node;
        node.key = top.key_pos;
        node.key_offset = top.key_offset;
        node.style = NodeStyle::alias;
        // The merged keys point at the "<<" line.
        node.value = top.key_pos;
        node.value_offset = top.key_offset;
        top.merges.emplace_back(std::move(value), node);
      } else {
        top.value.emplace(std::move(top.key), std::move(value));
      }
      top.have_key = false;
      top.key.clear();
    } else {
      top.value.push_back(std::move(value));
      ++top.index;
    }
    pointer_.resize(top.pointer_len);
  }

  bool json_input_;
  std::shared_ptr<const SourceFile> file_;
  std::string_view text_;
  std::size_t base_;
  LineIndex lines_;
  std::vector<std::pair<int, int>> tab_lines_;
  const LoadLimits& limits_;
  const Deliver& deliver_;

  std::shared_ptr<Document> doc_;
  std::shared_ptr<Document> pending_;
  std::size_t stream_index_ = 0;
  std::vector<Frame> frames_;
  std::string pointer_;
  std::size_t merge_depth_ = 0;
  std::unordered_map<YAML::anchor_t, Anchored> anchors_;
  std::unordered_map<YAML::anchor_t, std::string> anchor_names_;
  std::string last_anchor_name_;
  std::size_t node_count_ = 0;
  std::size_t alias_nodes_ = 0;
  std::size_t events_ = 0;
  std::size_t event_budget_ = 2 * text_.size() + 64;
};

bool looks_like_json(std::string_view text, std::size_t base) {
  for (std::size_t i = base; i < text.size(); ++i) {
    if (is_space(text[i])) continue;
    return text[i] == '{' || text[i] == '[';
  }
  return false;
}

std::string too_large(std::size_t size, std::size_t limit) {
  return "file is too large (" + std::to_string(size) + " bytes; the limit is " +
         std::to_string(limit) + ")";
}

}  // namespace

// ---------------------------------------------------------------------------------------------

json resolve_plain_scalar(std::string_view text) {
  return resolve_plain(text);
}

std::shared_ptr<SourceFile> source_from_text(std::string path, std::string text) {
  auto file = std::make_shared<SourceFile>();
  file->path = std::move(path);
  file->text = std::move(text);
  scan_pragmas(*file);
  return file;
}

ReadResult read_source(const std::string& path, const LoadLimits& limits) {
  ReadResult result;
  auto error = [&](std::string message) {
    result.error = LoadError{path, {}, std::move(message)};
    return result;
  };
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return error("no such file or directory");
    if (errno == EACCES) return error("permission denied");
    return error(std::strerror(errno));
  }
  if (S_ISDIR(st.st_mode)) return error("is a directory");
  if (S_ISREG(st.st_mode) && static_cast<std::uint64_t>(st.st_size) > limits.max_file_bytes) {
    return error(too_large(static_cast<std::size_t>(st.st_size), limits.max_file_bytes));
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == EACCES) return error("permission denied");
    return error(std::strerror(errno));
  }
  std::string text;
  if (S_ISREG(st.st_mode)) text.reserve(static_cast<std::size_t>(st.st_size));
  char buffer[1 << 16];
  while (true) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return error(err == EISDIR ? "is a directory" : std::strerror(err));
    }
    if (n == 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
    if (text.size() > limits.max_file_bytes) {
      ::close(fd);
      return error(too_large(text.size(), limits.max_file_bytes));
    }
  }
  ::close(fd);
  result.file = source_from_text(path, std::move(text));
  return result;
}

ReadResult read_stream(std::istream& in, const LoadLimits& limits) {
  ReadResult result;
  std::string text;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > limits.max_file_bytes) {
      result.error = LoadError{"<stdin>", {}, too_large(text.size(), limits.max_file_bytes)};
      return result;
    }
  }
  result.file = source_from_text("<stdin>", std::move(text));
  return result;
}

std::optional<LoadError> parse_documents(
    const std::shared_ptr<const SourceFile>& file,
    const std::function<void(std::shared_ptr<const Document>)>& on_document,
    const LoadLimits& limits) {
  const std::string& text = file->text;
  auto error_at = [&](Position pos, std::string message) {
    return LoadError{file->path, pos, std::move(message)};
  };
  if (text.size() > limits.max_file_bytes) {
    return error_at({}, too_large(text.size(), limits.max_file_bytes));
  }
  std::size_t base = std::string_view(text).starts_with(kBom) ? kBom.size() : 0;
  if (auto bad = check_text(text, base)) {
    Position pos = position_of(text, base, bad->first);
    return error_at(pos, bad->second + " at line " + std::to_string(pos.line) + " col " +
                             std::to_string(pos.col));
  }

  // JSON may use tabs as whitespace, which YAML flow context rejects in places; a raw tab cannot
  // occur inside a valid JSON string, so replacing tabs with spaces keeps every offset.
  bool json_input = looks_like_json(text, base);
  std::string replaced;
  const std::string* parse_text = &text;
  std::vector<std::pair<int, int>> tab_lines;
  if (json_input) {
    if (text.find('\t', base) != std::string::npos) {
      replaced = text;
      std::replace(replaced.begin(), replaced.end(), '\t', ' ');
      parse_text = &replaced;
    }
  } else {
    tab_lines = tab_indented_lines(text, base);
  }

  Builder builder(file, base, std::move(tab_lines), limits, on_document, json_input);
  MemoryBuffer buffer(parse_text->data() + base, parse_text->data() + parse_text->size());
  std::istream in(&buffer);
  try {
    try {
      YAML::Parser parser(in);
      while (parser.HandleNextDocument(builder)) {
      }
      builder.flush(text.size());
      return std::nullopt;
    } catch (...) {
      // Documents completed before the error are still delivered.
      builder.flush(text.size());
      throw;
    }
  } catch (const Failure& f) {
    Position pos = f.pos.known()       ? f.pos
                   : f.offset != kNpos ? position_of(text, base, f.offset)
                                       : Position{};
    return error_at(pos, f.message);
  } catch (const YAML::DeepRecursion& e) {
    Position pos =
        position_of(text, base, static_cast<std::size_t>(std::max(e.mark.pos, 0)) + base);
    return error_at(pos, "nesting deeper than " + std::to_string(e.depth() - 1) +
                             " levels (limit of the YAML parser; possible attack)");
  } catch (const YAML::Exception& e) {
    Position pos;
    if (!e.mark.is_null()) {
      pos = position_of(text, base, static_cast<std::size_t>(std::max(e.mark.pos, 0)) + base);
    }
    int col = 0;
    if (pos.known() && builder.has_tab_line(pos.line, &col)) {
      return error_at(Position{pos.line, col},
                      "tab character used for indentation (YAML forbids tabs; use spaces)");
    }
    if (e.msg.find("tab") != std::string::npos) {
      return error_at(pos, "tab character used for indentation (YAML forbids tabs; use spaces)");
    }
    std::string message = e.msg;
    if (message == "the referenced anchor is not defined" && pos.known()) {
      std::size_t p = static_cast<std::size_t>(e.mark.pos) + base;
      std::size_t end = p + 1;
      while (end < text.size() && !is_space(text[end]) &&
             std::string_view(",[]{}").find(text[end]) == std::string_view::npos) {
        ++end;
      }
      if (p < text.size() && text[p] == '*') {
        message = "unknown anchor \"" + text.substr(p + 1, end - p - 1) + "\"";
      }
    }
    return error_at(pos, "yaml: " + message);
  } catch (const std::bad_alloc&) {
    return error_at({}, "out of memory while parsing");
  } catch (const std::exception& e) {
    return error_at({}, std::string("cannot parse: ") + e.what());
  }
}

std::vector<std::string> expand_paths(const std::vector<std::string>& paths,
                                      std::vector<LoadError>& errors) {
  std::vector<std::string> out;
  for (const auto& path : paths) {
    if (path == "-") {
      out.push_back(path);
      continue;
    }
    std::error_code ec;
    auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
      errors.push_back(LoadError{path,
                                 {},
                                 ec && ec != std::errc::no_such_file_or_directory
                                     ? ec.message()
                                     : "no such file or directory"});
      continue;
    }
    if (!fs::is_directory(status)) {
      out.push_back(path);
      continue;
    }
    std::vector<std::string> found;
    fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec);
    if (ec) {
      errors.push_back(LoadError{path, {}, ec.message()});
      continue;
    }
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) {
        errors.push_back(LoadError{path, {}, ec.message()});
        break;
      }
      std::error_code type_ec;
      if (!it->is_regular_file(type_ec)) continue;
      auto ext = it->path().extension().string();
      if (ext == ".yaml" || ext == ".yml" || ext == ".json") found.push_back(it->path().string());
    }
    std::sort(found.begin(), found.end());
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

}  // namespace jobwarden::core
