#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rules/core/load_error.hpp"
#include "rules/core/manifest.hpp"
#include "rules/core/severity.hpp"

// What a run produced, in a neutral form: formatters, metrics and the CLI's exit code read it
// without depending on the engine.
namespace jobwarden::core {

struct Finding {
  std::string rule_id;
  Severity severity = Severity::warning;
  std::string message;
  std::string hint;
  std::string pointer;  // relative to the object
  std::string file;     // empty when not from a file
  Position pos;         // unknown when not from a file
  ObjectRef object;
  std::size_t document_index = 0;
  std::string base_pointer;  // "/items/3" for List items
  nlohmann::json fix;        // null or JSON Patch ops relative to the object
};

// Everything one run produced; formatters print it, the CLI derives the exit code from it.
struct Report {
  std::vector<Finding> findings;
  std::vector<LoadError> errors;
  std::size_t files = 0;
  std::size_t objects_checked = 0;
  std::size_t objects_skipped = 0;  // documents that are neither Job nor CronJob
  std::size_t count_at_least(Severity severity) const;
  std::size_t count(Severity severity) const {  // findings of exactly this severity
    std::size_t n = 0;
    for (const auto& finding : findings) n += finding.severity == severity ? 1 : 0;
    return n;
  }
  void sort();  // by file, document, line, col, rule id
};

}  // namespace jobwarden::core
