#pragma once

#include <cstddef>
#include <istream>
#include <optional>
#include <string>

namespace jobwarden::core {

struct FileRead {
  std::string text;                  // the bytes, when `error` is empty
  std::optional<std::string> error;  // "no such file or directory", "is a directory", ...
};

// Reads a whole file (regular file, pipe or device) of at most `max_bytes`; larger inputs are
// refused without reading them whole. Nothing else: no parsing.
FileRead read_file(const std::string& path, std::size_t max_bytes);
// The same for a stream (standard input).
FileRead read_all(std::istream& in, std::size_t max_bytes);

// "file is too large (N bytes; the limit is M)".
std::string too_large(std::size_t size, std::size_t limit);

}  // namespace jobwarden::core
