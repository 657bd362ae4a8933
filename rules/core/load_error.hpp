#pragma once

#include <string>

#include "rules/core/source_map.hpp"

namespace jobwarden::core {

// An input problem (I/O, syntax, limits). Always names the file; position when known.
struct LoadError {
  std::string file;
  Position pos;
  std::string message;
  // "file:line:col: message" or "file: message".
  std::string display() const;
};

}  // namespace jobwarden::core
