#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rules/core/finding.hpp"
#include "rules/core/loader.hpp"
#include "rules/core/manifest.hpp"
#include "rules/core/rule.hpp"
#include "rules/core/severity.hpp"
#include "rules/engine/config.hpp"
#include "rules/engine/pragmas.hpp"

namespace jobwarden::core {

class Engine {
 public:
  // Keeps its own copy of the config, so a temporary config is safe to pass.
  explicit Engine(Config config);

  // True for objects the engine checks: kind Job or CronJob in the batch group.
  static bool is_checked_kind(const nlohmann::json& object);
  static bool is_checked_kind(const ObjectRef& ref);

  // Runs every enabled rule that applies to the object's kind, then applies exemptions and
  // suppression (annotations and comment pragmas). Appends to `out`. Returns false, adding
  // nothing, when the object is not a Job/CronJob. Scans the pragmas of the manifest's document.
  bool check(const Manifest& manifest, std::vector<Finding>& out) const;
  // The same with the pragmas of the manifest's document already scanned (document_pragmas),
  // for callers that check every manifest of a document.
  bool check(const Manifest& manifest, const IgnorePragmas& pragmas,
             std::vector<Finding>& out) const;

  // Every manifest of one parsed document, into `report` (a document that is not a mapping is
  // an error there).
  void check_document(const std::shared_ptr<const Document>& document, Report& report) const;

  // Convenience for the CLI: every manifest of every document of one file.
  void check_file(const std::shared_ptr<const SourceFile>& file, Report& report,
                  const LoadLimits& limits = {}) const;

  const Config& config() const { return config_; }

 private:
  // An enabled rule with what the config says about it, worked out once per engine rather than
  // once per object, and what the loop over rules reads for every manifest side by side: the
  // Rule itself (its documentation, its kinds as strings) stays out of the cache unless a rule
  // reports.
  struct ActiveRule {
    const Rule* rule = nullptr;
    CheckFunction check = nullptr;
    bool for_job = false;  // rule->applies_to("Job"), and "CronJob"
    bool for_cronjob = false;
    bool as_written = false;  // rule->info.as_written
    Severity severity = Severity::warning;
    nlohmann::json options;  // declared defaults merged with the config's
  };

  Config config_;
  std::vector<ActiveRule> active_rules_;       // registry order
  std::vector<std::size_t> as_written_rules_;  // indices into active_rules_, in order
};

// Applies the fixes attached to `findings` to a copy of `object` (the object the findings were
// computed on), in order; a fix whose op fails to apply is skipped. Missing parent objects of an
// `add` are created, so fixes can be written as "set this field".
nlohmann::json apply_fixes(const nlohmann::json& object, const std::vector<Finding>& findings);
// json::diff(object, apply_fixes(object, findings)), without walking what no fix touched: the
// JSON Patch the mutating webhook returns.
nlohmann::json fix_patch(const nlohmann::json& object, const std::vector<const Finding*>& findings);

}  // namespace jobwarden::core
