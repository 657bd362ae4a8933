#include "rules/core/finding.hpp"

#include <algorithm>
#include <tuple>

namespace jobwarden::core {

std::size_t Report::count_at_least(Severity severity) const {
  return static_cast<std::size_t>(std::count_if(
      findings.begin(), findings.end(), [&](const Finding& f) { return f.severity >= severity; }));
}

void Report::sort() {
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.file, a.document_index, a.pos.line, a.pos.col, a.rule_id, a.pointer) <
           std::tie(b.file, b.document_index, b.pos.line, b.pos.col, b.rule_id, b.pointer);
  });
}

}  // namespace jobwarden::core
