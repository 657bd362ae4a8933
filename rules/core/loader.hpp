#pragma once

#include <cstddef>
#include <functional>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rules/core/load_error.hpp"
#include "rules/core/manifest.hpp"

namespace jobwarden::core {

// Bounds that keep hostile input from crashing or exhausting memory.
struct LoadLimits {
  std::size_t max_depth = 512;              // nesting of mappings/sequences
  std::size_t max_alias_nodes = 1'000'000;  // nodes created by expanding aliases, per stream
  std::size_t max_file_bytes = 256u * 1024 * 1024;  // larger inputs are refused
};

struct ReadResult {
  std::shared_ptr<SourceFile> file;  // set on success
  std::optional<LoadError> error;    // set on failure
};

// Reads a whole file. Also scans the text for "# jobwarden:ignore <rule-id> [reason]" pragmas.
ReadResult read_source(const std::string& path, const LoadLimits& limits = {});
// The same for standard input (or any stream), named "<stdin>".
ReadResult read_stream(std::istream& in, const LoadLimits& limits = {});
// How the loader types a plain (unquoted) scalar, as Kubernetes does: null, bool, integer,
// float or, for anything else, the string itself.
nlohmann::json resolve_plain_scalar(std::string_view text);
// Wraps text that is already in memory (tests, config files, stdin captured elsewhere).
std::shared_ptr<SourceFile> source_from_text(std::string path, std::string text);

// Parses a YAML or JSON stream (JSON is detected by its first non-blank character) with the
// yaml-cpp event API, building each document's JSON and SourceMap in one pass. Scalars are typed
// as Kubernetes (sigs.k8s.io/yaml, YAML 1.1) reads them: quoted -> string; plain null/~/empty ->
// null; true/false/yes/no/on/off -> bool; decimal/0x/0o integers -> int; floats -> float.
// Empty documents (between `---` separators, or comment-only) are skipped. Duplicate keys, tabs
// used for indentation, depth/alias limits and syntax errors produce an error; documents before
// the error have already been delivered.
std::optional<LoadError> parse_documents(
    const std::shared_ptr<const SourceFile>& file,
    const std::function<void(std::shared_ptr<const Document>)>& on_document,
    const LoadLimits& limits = {});

// Expands command-line paths: files as given; directories recursively, keeping files named
// *.yaml, *.yml or *.json, in sorted order; "-" stays "-". Missing paths become errors.
std::vector<std::string> expand_paths(const std::vector<std::string>& paths,
                                      std::vector<LoadError>& errors);

}  // namespace jobwarden::core
