#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rules/core/config.hpp"
#include "rules/core/loader.hpp"
#include "rules/core/manifest.hpp"
#include "rules/core/rule.hpp"
#include "rules/core/severity.hpp"

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
  // Set when `file`/`pos` were mapped back to a source the stream was rendered from (Helm's
  // "# Source:" comments): where the rendered document starts in the input, "<stdin>:42".
  std::string rendered_at;
};

// One Job/CronJob the engine checked (JUnit lists each as a test case, findings or not).
struct CheckedObject {
  std::string file;
  std::size_t document_index = 0;
  std::string base_pointer;  // "/items/3" for List items
  ObjectRef ref;
  Position pos;  // first line of the object; unknown when not from a file
};

// Everything one run produced; formatters print it, the CLI derives the exit code from it.
struct Report {
  std::vector<Finding> findings;
  std::vector<LoadError> errors;
  std::vector<CheckedObject> checked;  // in input order
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

class Engine {
 public:
  // Keeps its own copy of the config, so a temporary config is safe to pass.
  explicit Engine(Config config);

  // True for objects the engine checks: kind Job or CronJob in the batch group.
  static bool is_checked_kind(const nlohmann::json& object);
  static bool is_checked_kind(const ObjectRef& ref);

  // Runs every enabled rule that applies to the object's kind, then applies exemptions and
  // suppression (annotations and comment pragmas). Appends to `out`. Returns false, adding
  // nothing, when the object is not a Job/CronJob.
  bool check(const Manifest& manifest, std::vector<Finding>& out) const;

  // Convenience for the CLI: every manifest of every document of one file.
  void check_file(const std::shared_ptr<const SourceFile>& file, Report& report,
                  const LoadLimits& limits = {}) const;

  const Config& config() const { return config_; }

 private:
  // An enabled rule with what the config says about it, worked out once per engine rather than
  // once per object.
  struct ActiveRule {
    const Rule* rule = nullptr;
    Severity severity = Severity::warning;
    nlohmann::json options;  // declared defaults merged with the config's
  };

  Config config_;
  std::vector<ActiveRule> active_rules_;  // registry order
};

// Applies the fixes attached to `findings` to a copy of `object` (the object the findings were
// computed on), in order; a fix whose op fails to apply is skipped. Missing parent objects of an
// `add` are created, so fixes can be written as "set this field".
nlohmann::json apply_fixes(const nlohmann::json& object, const std::vector<Finding>& findings);

}  // namespace jobwarden::core
