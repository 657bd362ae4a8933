#pragma once

#include <cstddef>
#include <functional>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rules/core/load_error.hpp"
#include "rules/core/load_limits.hpp"
#include "rules/core/manifest.hpp"
#include "rules/core/paths.hpp"
#include "rules/core/source_reader.hpp"

namespace jobwarden::core {

// How the loader types a plain (unquoted) scalar, as Kubernetes does: null, bool, integer,
// float or, for anything else, the string itself.
nlohmann::json resolve_plain_scalar(std::string_view text);
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

// How many times parse_documents has run on a file of this path in this process: tests use it
// to show how often a command parses a file.
std::size_t parse_documents_calls(const std::string& path);

}  // namespace jobwarden::core
