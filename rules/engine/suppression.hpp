#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "rules/core/finding.hpp"
#include "rules/core/manifest.hpp"
#include "rules/engine/config.hpp"
#include "rules/engine/pragmas.hpp"
#include "rules/k8s/workload.hpp"

// Suppression, handled centrally (rules never see it): config exemptions by namespace and name,
// the `ignore.jobwarden.io/<rule-id>` annotation (both faces) and `# jobwarden:ignore` comment
// pragmas (files only; rules/engine/pragmas.hpp scans them from the document's text).
namespace jobwarden::core {

// The object is exempt by the config's namespace or name globs.
bool exempt(const Exemptions& exemptions, const ObjectRef& ref);

// Appends the rule ids that `metadata` names in ignore.jobwarden.io/<rule-id> annotations
// (views into the object), so the engine reads the annotations once per object, not per rule.
void annotation_ignored_rules(const k8s::Node& metadata, std::vector<std::string_view>& out);

// A pragma on the finding's line (trailing comment) or the line before it, or anywhere between
// the start of the object's document and the object's first line (comments above the object).
// `pragmas` are those of the manifest's document (document_pragmas).
bool pragma_ignores(const IgnorePragmas& pragmas, const Manifest& manifest, const Finding& finding,
                    Position object_start);

}  // namespace jobwarden::core
