#include "rules/engine/suppression.hpp"

#include "rules/core/glob.hpp"

namespace jobwarden::core {

namespace {

constexpr std::string_view kIgnoreAnnotationPrefix = "ignore.jobwarden.io/";

bool has_pragma(const IgnorePragmas& pragmas, int line, const std::string& rule_id) {
  auto it = pragmas.find(line);
  return it != pragmas.end() && it->second.count(rule_id) > 0;
}

}  // namespace

void annotation_ignored_rules(const k8s::Node& metadata, std::vector<std::string_view>& out) {
  const nlohmann::json* annotations = k8s::member(metadata, "annotations");
  if (annotations == nullptr || !annotations->is_object()) return;
  for (const auto& [key, value] : annotations->items()) {
    if (key.starts_with(kIgnoreAnnotationPrefix)) {
      out.push_back(std::string_view(key).substr(kIgnoreAnnotationPrefix.size()));
    }
  }
}

bool pragma_ignores(const IgnorePragmas& pragmas, const Manifest& manifest, const Finding& finding,
                    Position object_start) {
  if (pragmas.empty()) return false;
  const Document& document = manifest.document();
  if (finding.pos.known() && (has_pragma(pragmas, finding.pos.line, finding.rule_id) ||
                              has_pragma(pragmas, finding.pos.line - 1, finding.rule_id))) {
    return true;
  }
  if (!object_start.known()) return false;
  // Lines above the object: for a whole document, from the previous document's end; for a
  // List item, just the line before it.
  int first = manifest.base_pointer().empty() ? 1 : object_start.line - 1;
  if (manifest.base_pointer().empty() && document.index > 0) {
    first = document.begin_line;  // pragmas belong to the document they precede
  }
  auto it = pragmas.lower_bound(first);
  for (; it != pragmas.end() && it->first < object_start.line; ++it) {
    if (it->second.count(finding.rule_id) > 0) return true;
  }
  return false;
}

bool exempt(const Exemptions& exemptions, const ObjectRef& ref) {
  if (!ref.namespace_name.empty() && glob_match_any(exemptions.namespaces, ref.namespace_name)) {
    return true;
  }
  return !ref.name.empty() && glob_match_any(exemptions.names, ref.name);
}

}  // namespace jobwarden::core
