#include "rules/core/loader_internal.hpp"

namespace jobwarden::core::loader_internal {

// Position of `off` computed from scratch (for errors).
Position position_of(std::string_view text, std::size_t base, std::size_t off) {
  LineIndex index(text, base);
  return index.at(off);
}

}  // namespace jobwarden::core::loader_internal
