#include <unordered_map>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/mark.h>

#include "rules/core/json_lookup.hpp"
#include "rules/core/loader_internal.hpp"

namespace jobwarden::core::loader_internal {

using nlohmann::json;

namespace {

class Builder final : public YAML::EventHandler {
 public:
  Builder(const std::shared_ptr<const SourceFile>& file, std::size_t base,
          const std::vector<std::pair<int, int>>& tab_lines, const LoadLimits& limits,
          const Deliver& deliver, bool json_input)
      : json_input_(json_input),
        file_(file),
        text_(file->text),
        base_(base),
        lines_(text_, base),
        tab_lines_(tab_lines),
        limits_(limits),
        deliver_(deliver) {}

  void OnDocumentStart(const YAML::Mark& mark) override {
    std::size_t off = offset(mark);
    doc_ = std::make_shared<Document>();
    doc_->file = file_;
    doc_->index = stream_index_++;
    doc_->begin_offset = off;
    doc_->begin_line = lines_.at(off).line;
    frames_.clear();
    anchors_.clear();
    anchor_names_.clear();
    merge_depth_ = 0;
    // Documents of a stream are alike: the previous one's capacity, taken before that document is
    // delivered and freed (then malloc does not first consolidate all of its small blocks).
    doc_->source.reserve(last_nodes_, last_key_bytes_);
    flush(off);
  }

  void OnDocumentEnd() override {
    if (doc_) {
      last_nodes_ = doc_->source.size();
      last_key_bytes_ = doc_->source.key_bytes();
    }
    if (doc_ && !doc_->value.is_null()) pending_ = std::move(doc_);
    doc_.reset();
  }

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    count_event(mark);
    std::size_t off = content_offset(text_, offset(mark));
    bool explicit_null = !null_word(text_, off).empty();
    if (is_key()) {
      std::string key = explicit_null ? std::string(null_word(text_, off)) : std::string();
      std::size_t end = explicit_null ? off + key.size() : kNpos;
      take_key(std::move(key), off, end, false);
      if (anchor) remember(anchor, json(nullptr), 1);
      return;
    }
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
    Position pos = lines_.at(off);
    check_tab(pos, true);
    record(off, pos, NodeStyle::alias);
    finish(json(it->second.value));
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    count_event(mark);
    std::size_t off = content_offset(text_, offset(mark));
    if (is_key()) {
      std::size_t end = kNpos;
      char c = off < text_.size() ? text_[off] : '\0';
      const bool plain = is_plain_tag(tag);
      if (plain) {
        end = off + value.size();
      } else if (c == '"' || c == '\'') {
        end = quoted_end(text_, off);
        if (end == kNpos) fail(off, "yaml: unterminated quoted string");
      }
      take_key(value, off, end, plain);
      if (anchor) remember(anchor, json(value), 1);
      ++node_count_;
      return;
    }
    Position pos = lines_.at(off);
    check_tab(pos, true);
    NodeStyle style = scalar_style(text_, tag, off);
    // yaml-cpp accepts a quoted scalar that runs to the end of the input.
    if ((style == NodeStyle::single_quoted || style == NodeStyle::double_quoted) &&
        quoted_end(text_, off) == kNpos) {
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

 private:
  struct Frame {
    bool is_map = false;
    bool block = true;
    bool merge_value = false;  // this container is the value of a "<<" key
    bool complex_key = false;  // this container is used as a mapping key
    std::size_t offset = 0;
    json value;
    SourceMap::Index node = SourceMap::npos;  // npos: not in the SourceMap (merged values)
    std::size_t index = 0;
    // Mapping state: the key whose value is being read.
    bool have_key = false;
    bool key_is_merge = false;
    std::string key;
    json::object_t::iterator insert_at;  // in value, where key goes
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

  bool is_key() const {
    return !frames_.empty() && frames_.back().is_map && !frames_.back().have_key;
  }

  void take_key(std::string key, std::size_t off, std::size_t end, bool plain) {
    Frame& top = frames_.back();
    top.key_offset = off;
    top.key_pos = lines_.at(off);
    top.key_end = end;
    check_tab(top.key_pos, true);
    top.have_key = true;
    if (plain && std::string_view(key) == "<<") {
      top.key_is_merge = true;
      ++merge_depth_;
      return;
    }
    // Where the key goes, found once: the duplicate check and the insertion in finish() share it
    // (nested values do not touch this mapping in between).
    json::object_t& members = top.value.get_ref<json::object_t&>();
    top.insert_at = member_lower_bound(members, key);
    if (top.insert_at != members.end() && top.insert_at->first == key) {
      std::string message = "duplicate key \"" + key + "\"";
      if (const SourceNode* node = doc_->source.find_open_member(top.node, key);
          node && node->key.known()) {
        message += " (first at line " + std::to_string(node->key.line) + ")";
      }
      if (!json_input_ && frames_.size() == 1 && (key == "apiVersion" || key == "kind")) {
        // Two objects run together: the usual cause is a missing document separator.
        message += "; a \"---\" separator between two documents is probably missing";
      }
      throw Failure{off, std::move(message), top.key_pos};
    }
    top.key = std::move(key);
  }

  // Adds the node starting at `off` to the SourceMap, under the innermost container; returns
  // its index there (npos inside merged values, which have no positions of their own).
  SourceMap::Index record(std::size_t off, Position pos, NodeStyle style) {
    if (frames_.empty()) doc_->start = pos;
    if (merge_depth_ > 0) return SourceMap::npos;
    SourceNode node;
    node.value = pos;
    node.value_offset = off;
    node.style = style;
    if (frames_.empty()) return doc_->source.add_root(node);
    const Frame& top = frames_.back();
    if (top.node == SourceMap::npos) return SourceMap::npos;
    if (!top.is_map) return doc_->source.add_item(top.node, top.index, node);
    node.key = top.key_pos;
    node.key_offset = top.key_offset;
    return doc_->source.add_member(top.node, top.key, node);
  }

  // A mapping or sequence used as a key is refused at its end, but a duplicate key in it first,
  // with the first one's line: so it goes into the SourceMap, as member "" (never delivered).
  SourceMap::Index complex_key_node(std::size_t off, Position pos) {
    const Frame& top = frames_.back();
    if (merge_depth_ > 0 || top.node == SourceMap::npos) return SourceMap::npos;
    SourceNode node;
    node.value = pos;
    node.value_offset = off;
    return doc_->source.add_member(top.node, "", node);
  }

  // Node starting on a tab-indented line in block context: YAML forbids it (go-yaml refuses it,
  // yaml-cpp sometimes accepts it silently).
  void check_tab(Position pos, bool real_token) {
    if (tab_lines_.empty() || !real_token) return;
    if (!frames_.empty() && !frames_.back().block) return;
    int col = 0;
    if (has_tab_line(tab_lines_, pos.line, &col)) {
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
    std::size_t off = content_offset(text_, offset(mark));
    // A mapping or sequence used as a key is refused when it ends (so that a deeply nested key
    // still reports the nesting first).
    bool complex_key = is_key();
    Position pos = lines_.at(off);
    check_tab(pos, true);
    bool block = style != YAML::EmitterStyle::Flow;
    SourceMap::Index node = complex_key
                                ? complex_key_node(off, pos)
                                : record(off, pos, block ? NodeStyle::block : NodeStyle::flow);
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
    frame.node = node;
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
    if (top.node != SourceMap::npos) doc_->source.close(top.node);
    Frame frame = std::move(frames_.back());
    frames_.pop_back();
    if (frame.complex_key) {
      std::string message =
          "complex mapping keys (a mapping or sequence used as a key) are not supported";
      if (on_template_line(text_, frame.offset)) {
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
    for (auto& [value, node] : frame.merges) {
      auto merge_one = [&, &node = node](const json& mapping) {  // clang 14: no binding captures
        if (!mapping.is_object()) {
          fail(node.value_offset, "merge key \"<<\" needs a mapping or a sequence of mappings");
        }
        for (const auto& [k, v] : mapping.items()) {
          if (frame.value.contains(k)) continue;
          frame.value[k] = v;
          if (merge_depth_ == 0 && frame.node != SourceMap::npos) {
            doc_->source.add_member(frame.node, k, node);
          }
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
        top.value.get_ref<json::object_t&>().emplace_hint(top.insert_at, std::move(top.key),
                                                          std::move(value));
      }
      top.have_key = false;
      top.key.clear();
    } else {
      top.value.push_back(std::move(value));
      ++top.index;
    }
  }

  bool json_input_;
  std::shared_ptr<const SourceFile> file_;
  std::string_view text_;
  std::size_t base_;
  LineIndex lines_;
  const std::vector<std::pair<int, int>>& tab_lines_;
  const LoadLimits& limits_;
  const Deliver& deliver_;

  std::shared_ptr<Document> doc_;
  std::shared_ptr<Document> pending_;
  std::size_t stream_index_ = 0;
  std::vector<Frame> frames_;
  std::size_t last_nodes_ = 0;
  std::size_t last_key_bytes_ = 0;
  std::size_t merge_depth_ = 0;
  std::unordered_map<YAML::anchor_t, Anchored> anchors_;
  std::unordered_map<YAML::anchor_t, std::string> anchor_names_;
  std::string last_anchor_name_;
  std::size_t node_count_ = 0;
  std::size_t alias_nodes_ = 0;
  std::size_t events_ = 0;
  std::size_t event_budget_ = 2 * text_.size() + 64;
};

}  // namespace

void build_documents(const std::shared_ptr<const SourceFile>& file, const std::string& parse_text,
                     std::size_t base, const std::vector<std::pair<int, int>>& tab_lines,
                     const LoadLimits& limits, const Deliver& deliver, bool json_input) {
  Builder builder(file, base, tab_lines, limits, deliver, json_input);
  try {
    parse_events(std::string_view(parse_text).substr(base), builder, limits.simple_yaml_fast_path);
    builder.flush(file->text.size());
  } catch (...) {
    // Documents completed before the error are still delivered.
    builder.flush(file->text.size());
    throw;
  }
}

}  // namespace jobwarden::core::loader_internal
