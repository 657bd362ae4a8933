#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rules/core/loader.hpp"
#include "rules/engine/engine.hpp"

namespace jobwarden::core {

// The result of fixing one file's text. Nothing here touches the file system.
struct FileFix {
  std::string text;               // the new text; equal to the original when nothing changed
  std::size_t fixes_applied = 0;  // findings whose fix changed an object
  std::size_t documents_changed = 0;
  // One line per document that could not be edited in place and was re-emitted whole
  // (flow style, JSON input): its comments and formatting are gone.
  std::vector<std::string> notes;
  std::optional<LoadError> error;  // parse error, or edits that would not reproduce the fix
  // The documents of `text` as parsed: those of the verifying parse when the text changed, else
  // the original's. Checking them gives what is left after the fix without parsing again.
  std::vector<std::shared_ptr<const Document>> documents;
  bool changed() const { return documents_changed > 0; }
};

// The object `--fix` and `/mutate` both produce: every fix of the engine's findings on `object`
// applied to a copy. Objects the engine does not check come back unchanged.
nlohmann::json fixed_object(const Engine& engine, const Manifest& manifest);

// Checks every document of `file` and rewrites its text so that the fixable findings go away,
// with minimal edits guided by the SourceMap: a missing key becomes a new line at the mapping's
// indentation after its last line, a changed scalar is replaced in its exact byte range. Comments,
// key order, quoting, line endings and untouched documents stay byte-for-byte. The edited text is
// parsed again and must give exactly the fixed objects, otherwise the document is re-emitted.
FileFix fix_source(const std::shared_ptr<const SourceFile>& file, const Engine& engine,
                   const LoadLimits& limits = {});

}  // namespace jobwarden::core
