#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "rules/engine/engine.hpp"

// Helm-aware input. `helm template` writes "# Source: CHART/templates/FILE.yaml" before each
// rendered document; findings in such a stream are reported at that template path, with line
// numbers counted inside the rendered document (template line numbers cannot be recovered) and
// the document's first line in the stream kept as `rendered_at`.
namespace jobwarden::cli {

struct RenderedDocument {
  int first_line = 1;   // first line after the "---" separator (1 for the first document)
  int source_line = 0;  // line of the "# Source:" comment; 0 when the document has none
  std::string source;   // the path after "# Source: "
};

// The documents of a stream and their "# Source:" comments (comments before the first content
// line of each document), in order.
std::vector<RenderedDocument> rendered_documents(std::string_view text);

// Rewrites the findings, checked objects and errors at index >= the given starts whose file is
// `stream_name` and which lie in a document with a "# Source:" comment. `chart_dir`, when set,
// replaces the chart name (the first path segment of the source) so paths are the repository's
// ("charts/demo/templates/job.yaml" for "demo/templates/job.yaml"). Returns the paths mapped to.
std::set<std::string> map_helm_sources(core::Report& report, std::size_t first_finding,
                                       std::size_t first_checked, std::size_t first_error,
                                       const std::string& stream_name, std::string_view text,
                                       const std::string& chart_dir);

// A Helm chart template that cannot be linted before rendering: a file under CHART/templates/
// (CHART holds a Chart.yaml) whose text has "{{". Returns the chart directory.
std::optional<std::filesystem::path> helm_template_chart(const std::string& path,
                                                         std::string_view text);

}  // namespace jobwarden::cli
