#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jobwarden::core {

// 1-based line and column; 0 means "unknown" (e.g. objects that came from an AdmissionReview).
struct Position {
  int line = 0;
  int col = 0;
  bool known() const { return line > 0; }
  friend bool operator==(const Position&, const Position&) = default;
};

// How a node was written; the fix layer needs it to decide whether it can edit text in place.
enum class NodeStyle : std::uint8_t {
  block,          // block mapping or sequence
  flow,           // {...} or [...]
  plain,          // plain scalar
  single_quoted,  // 'x'
  double_quoted,  // "x"
  literal,        // |
  folded,         // >
  null_implicit,  // "key:" with nothing after it
  alias,          // *anchor
};

// Where one JSON Pointer's node lives in the document text.
struct SourceNode {
  Position key;    // the mapping key; unknown for sequence items and the root
  Position value;  // first character of the value
  std::size_t key_offset = std::string::npos;    // byte offset of the key in the file
  std::size_t value_offset = std::string::npos;  // byte offset of the value in the file
  NodeStyle style = NodeStyle::plain;
};

// JSON Pointer -> position, built by the loader in the same pass that builds the JSON.
// The nodes are stored in document order (a node before its descendants) with their parent and
// key, not by pointer string: the loader adds one node per YAML node, while lookups (findings,
// the fixer) are rare, so a lookup walks the pointer's tokens down from the root instead.
class SourceMap {
 public:
  using Index = std::uint32_t;
  static constexpr Index npos = static_cast<Index>(-1);

  // Building, in document order. The root comes first; a node's children follow it, each added
  // after the previous child's descendants; close() is called once a node's last descendant is
  // added. Keys are unescaped; every (parent, key) and (parent, index) is added at most once.
  Index add_root(const SourceNode& node) { return add(npos, 0, 0, false, node); }
  Index add_member(Index parent, std::string_view key, const SourceNode& node);
  Index add_item(Index parent, std::size_t index, const SourceNode& node) {
    return add(parent, index, 0, true, node);
  }
  void close(Index node) { entries_[node].end = static_cast<Index>(entries_.size()); }
  // Capacity for nodes and key bytes (the loader passes the previous document's sizes).
  void reserve(std::size_t nodes, std::size_t key_bytes);
  std::size_t key_bytes() const { return keys_.size(); }

  // The member `key` (unescaped) of the mapping node `parent` while it is being built: added,
  // not closed yet, its open descendants closed.
  const SourceNode* find_open_member(Index parent, std::string_view key) const;
  const SourceNode* find(std::string_view pointer) const;
  // The key position of the node at `pointer` (value position for sequence items and the root);
  // for a pointer that does not exist, the position of its nearest existing parent.
  Position locate(std::string_view pointer) const;
  std::size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }

 private:
  struct Entry {
    SourceNode node;
    std::size_t key_begin;  // in keys_; the item index for sequence items
    Index key_size;
    Index parent;
    Index end;  // one past the last descendant
    bool item;  // a sequence item (else a mapping member, or the root)
  };

  Index add(Index parent, std::size_t key_begin, std::size_t key_size, bool item,
            const SourceNode& node);
  // The child of `parent` the escaped pointer token `token` names, or npos.
  Index child(Index parent, std::string_view token) const;
  // Walks `pointer` from the root; returns the deepest node reached and whether it is the
  // node `pointer` names.
  std::pair<Index, bool> walk(std::string_view pointer) const;

  std::vector<Entry> entries_;
  std::string keys_;  // the members' keys, back to back
};

}  // namespace jobwarden::core
