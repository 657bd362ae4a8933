#include "rules/core/load_error.hpp"

namespace jobwarden::core {

std::string LoadError::display() const {
  std::string out = file;
  if (pos.known()) {
    out += ':';
    out += std::to_string(pos.line);
    if (pos.col > 0) {
      out += ':';
      out += std::to_string(pos.col);
    }
  }
  out += ": ";
  out += message;
  return out;
}

}  // namespace jobwarden::core
