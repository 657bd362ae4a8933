#pragma once

#include <istream>
#include <memory>
#include <optional>
#include <string>

#include "rules/core/load_error.hpp"
#include "rules/core/load_limits.hpp"
#include "rules/core/manifest.hpp"

namespace jobwarden::core {

struct ReadResult {
  std::shared_ptr<SourceFile> file;  // set on success
  std::optional<LoadError> error;    // set on failure
};

// Reads a manifest file (size-bounded, rules/core/file_reader.hpp). Only the bytes: comment
// pragmas are the engine's business (rules/engine/pragmas.hpp).
ReadResult read_source(const std::string& path, const LoadLimits& limits = {});
// The same for standard input (or any stream), named "<stdin>".
ReadResult read_stream(std::istream& in, const LoadLimits& limits = {});
// Wraps text that is already in memory (tests, config files, stdin captured elsewhere).
std::shared_ptr<SourceFile> source_from_text(std::string path, std::string text);

}  // namespace jobwarden::core
