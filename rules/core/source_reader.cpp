#include "rules/core/source_reader.hpp"

#include "rules/core/file_reader.hpp"

namespace jobwarden::core {

std::shared_ptr<SourceFile> source_from_text(std::string path, std::string text) {
  auto file = std::make_shared<SourceFile>();
  file->path = std::move(path);
  file->text = std::move(text);
  return file;
}

ReadResult read_source(const std::string& path, const LoadLimits& limits) {
  ReadResult result;
  FileRead read = read_file(path, limits.max_file_bytes);
  if (read.error) {
    result.error = LoadError{path, {}, std::move(*read.error)};
  } else {
    result.file = source_from_text(path, std::move(read.text));
  }
  return result;
}

ReadResult read_stream(std::istream& in, const LoadLimits& limits) {
  ReadResult result;
  FileRead read = read_all(in, limits.max_file_bytes);
  if (read.error) {
    result.error = LoadError{"<stdin>", {}, std::move(*read.error)};
  } else {
    result.file = source_from_text("<stdin>", std::move(read.text));
  }
  return result;
}

}  // namespace jobwarden::core
