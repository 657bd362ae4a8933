#pragma once

#include <cstddef>

namespace jobwarden::core {

// Bounds that keep hostile input from crashing or exhausting memory.
struct LoadLimits {
  std::size_t max_depth = 512;              // nesting of mappings/sequences
  std::size_t max_alias_nodes = 1'000'000;  // nodes created by expanding aliases, per stream
  std::size_t max_file_bytes = 256u * 1024 * 1024;  // larger inputs are refused
  // Read the common block-YAML subset with the loader's own scanner (yaml-cpp for the rest);
  // false sends every file through yaml-cpp (the tests compare the two).
  bool simple_yaml_fast_path = true;
};

}  // namespace jobwarden::core
