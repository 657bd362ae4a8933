#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

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
class SourceMap {
 public:
  void set(std::string pointer, const SourceNode& node) { nodes_[std::move(pointer)] = node; }
  const SourceNode* find(std::string_view pointer) const;
  // The key position of the node at `pointer` (value position for sequence items and the root);
  // for a pointer that does not exist, the position of its nearest existing parent.
  Position locate(std::string_view pointer) const;
  std::size_t size() const { return nodes_.size(); }
  bool empty() const { return nodes_.empty(); }

 private:
  std::unordered_map<std::string, SourceNode> nodes_;
};

}  // namespace jobwarden::core
