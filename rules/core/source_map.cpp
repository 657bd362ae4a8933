#include "rules/core/source_map.hpp"

#include "rules/core/json_pointer.hpp"

namespace jobwarden::core {

const SourceNode* SourceMap::find(std::string_view pointer) const {
  auto it = nodes_.find(std::string(pointer));
  return it == nodes_.end() ? nullptr : &it->second;
}

Position SourceMap::locate(std::string_view pointer) const {
  std::string current(pointer);
  while (true) {
    if (const SourceNode* node = find(current)) {
      return node->key.known() ? node->key : node->value;
    }
    if (current.empty()) return {};
    current = parent_pointer(current);
  }
}

}  // namespace jobwarden::core
