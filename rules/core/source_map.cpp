#include "rules/core/source_map.hpp"

#include <limits>
#include <stdexcept>

namespace jobwarden::core {

namespace {

// `token` (an escaped pointer token) is `key` escaped: compares without building the escape.
bool token_names_key(std::string_view token, std::string_view key) {
  std::size_t t = 0;
  for (char c : key) {
    if (c == '~' || c == '/') {
      if (t + 1 >= token.size() || token[t] != '~' || token[t + 1] != (c == '~' ? '0' : '1')) {
        return false;
      }
      t += 2;
    } else {
      if (t >= token.size() || token[t] != c) return false;
      ++t;
    }
  }
  return t == token.size();
}

// The index a pointer token names: decimal as std::to_string writes it (no sign, no leading
// zero), which is how sequence items appear in pointers.
bool parse_index(std::string_view token, std::size_t& index) {
  if (token.empty() || (token.size() > 1 && token[0] == '0') || token.size() > 19) return false;
  index = 0;
  for (char c : token) {
    if (c < '0' || c > '9') return false;
    index = index * 10 + static_cast<std::size_t>(c - '0');
  }
  return true;
}

}  // namespace

SourceMap::Index SourceMap::add(Index parent, std::size_t key_begin, std::size_t key_size,
                                bool item, const SourceNode& node) {
  if (entries_.size() >= std::numeric_limits<Index>::max() - 1) {
    throw std::length_error("too many nodes in one document");
  }
  const auto index = static_cast<Index>(entries_.size());
  entries_.push_back(Entry{node, key_begin, static_cast<Index>(key_size), parent, index + 1, item});
  return index;
}

SourceMap::Index SourceMap::add_member(Index parent, std::string_view key, const SourceNode& node) {
  if (key.size() >= std::numeric_limits<Index>::max()) {
    throw std::length_error("mapping key too long");
  }
  const std::size_t begin = keys_.size();
  keys_.append(key);
  return add(parent, begin, key.size(), false, node);
}

void SourceMap::reserve(std::size_t nodes, std::size_t key_bytes) {
  entries_.reserve(nodes);
  keys_.reserve(key_bytes);
}

SourceMap::Index SourceMap::child(Index parent, std::string_view token) const {
  const Index end = entries_[parent].end;
  Index first = parent + 1;
  if (first >= end) return npos;
  if (entries_[first].item) {
    // Items are in index order with their descendants between them: a binary search over the
    // subtree, climbing from the probed node to the item holding it.
    std::size_t want = 0;
    if (!parse_index(token, want)) return npos;
    Index lo = first;
    Index hi = end;
    while (lo < hi) {
      Index mid = lo + (hi - lo) / 2;
      Index item = mid;
      while (entries_[item].parent != parent) item = entries_[item].parent;
      const std::size_t have = entries_[item].key_begin;
      if (have == want) return item;
      if (have < want) {
        lo = entries_[item].end;
      } else {
        hi = item;
      }
    }
    return npos;
  }
  const std::string_view keys = keys_;
  for (Index i = first; i < end; i = entries_[i].end) {
    const Entry& e = entries_[i];
    if (token_names_key(token, keys.substr(e.key_begin, e.key_size))) return i;
  }
  return npos;
}

std::pair<SourceMap::Index, bool> SourceMap::walk(std::string_view pointer) const {
  if (entries_.empty()) return {npos, false};
  Index node = 0;
  if (pointer.empty()) return {node, true};
  if (pointer[0] != '/') return {node, false};
  std::size_t start = 1;
  while (true) {
    const std::size_t slash = pointer.find('/', start);
    const std::string_view token = pointer.substr(start, slash - start);
    const Index next = child(node, token);
    if (next == npos) return {node, false};
    node = next;
    if (slash == std::string_view::npos) return {node, true};
    start = slash + 1;
  }
}

const SourceNode* SourceMap::find_open_member(Index parent, std::string_view key) const {
  if (parent >= entries_.size()) return nullptr;
  const std::string_view keys = keys_;
  // Not closed: its members run to the last node added.
  const auto end = static_cast<Index>(entries_.size());
  for (Index i = parent + 1; i < end; i = entries_[i].end) {
    const Entry& e = entries_[i];
    if (!e.item && keys.substr(e.key_begin, e.key_size) == key) return &e.node;
  }
  return nullptr;
}

const SourceNode* SourceMap::find(std::string_view pointer) const {
  auto [node, exact] = walk(pointer);
  return exact ? &entries_[node].node : nullptr;
}

Position SourceMap::locate(std::string_view pointer) const {
  auto [node, exact] = walk(pointer);
  if (node == npos) return {};
  const SourceNode& found = entries_[node].node;
  return found.key.known() ? found.key : found.value;
}

}  // namespace jobwarden::core
