#include "cli/helm_source.hpp"

#include <algorithm>

namespace jobwarden::cli {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kSourcePrefix = "# Source: ";

bool is_separator(std::string_view line) {
  if (!line.starts_with("---")) return false;
  return line.size() == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r';
}

std::string_view trim_right(std::string_view text) {
  while (!text.empty() && (text.back() == '\r' || text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

std::string chart_path(const std::string& source, const std::string& chart_dir) {
  if (chart_dir.empty()) return source;
  auto slash = source.find('/');
  if (slash == std::string::npos) return source;
  return (fs::path(chart_dir) / source.substr(slash + 1)).lexically_normal().generic_string();
}

}  // namespace

std::vector<RenderedDocument> rendered_documents(std::string_view text) {
  std::vector<RenderedDocument> documents{RenderedDocument{}};
  bool in_head = true;  // before the first content line of the current document
  int line_number = 0;
  std::size_t begin = 0;
  while (begin < text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = trim_right(text.substr(begin, end - begin));
    ++line_number;
    begin = end + 1;
    if (is_separator(line)) {
      documents.push_back(RenderedDocument{line_number + 1, 0, {}});
      in_head = true;
      continue;
    }
    if (!in_head) continue;
    if (line.starts_with(kSourcePrefix) && documents.back().source_line == 0) {
      documents.back().source_line = line_number;
      documents.back().source = std::string(line.substr(kSourcePrefix.size()));
    } else if (!line.empty() && line.front() != '#') {
      in_head = false;
    }
  }
  return documents;
}

std::set<std::string> map_helm_sources(core::Report& report, std::size_t first_finding,
                                       std::size_t first_checked, std::size_t first_error,
                                       const std::string& stream_name, std::string_view text,
                                       const std::string& chart_dir) {
  std::set<std::string> mapped;
  const std::vector<RenderedDocument> documents = rendered_documents(text);
  bool any = std::any_of(documents.begin(), documents.end(),
                         [](const auto& document) { return document.source_line > 0; });
  if (!any) return mapped;
  // The document holding `line`: the last one starting at or before it.
  auto document_at = [&](int line) -> const RenderedDocument* {
    auto it = std::upper_bound(
        documents.begin(), documents.end(), line,
        [](int value, const auto& document) { return value < document.first_line; });
    if (it == documents.begin()) return nullptr;
    const RenderedDocument& document = *std::prev(it);
    return document.source_line > 0 ? &document : nullptr;
  };
  auto remap = [&](std::string& file, core::Position& pos) -> const RenderedDocument* {
    if (file != stream_name || !pos.known()) return nullptr;
    const RenderedDocument* document = document_at(pos.line);
    if (document == nullptr) return nullptr;
    file = chart_path(document->source, chart_dir);
    pos.line -= document->source_line;
    mapped.insert(file);
    return document;
  };
  for (std::size_t i = first_finding; i < report.findings.size(); ++i) {
    core::Finding& finding = report.findings[i];
    if (const auto* document = remap(finding.file, finding.pos)) {
      finding.rendered_at = stream_name + ":" + std::to_string(document->source_line + 1);
    }
  }
  for (std::size_t i = first_checked; i < report.checked.size(); ++i) {
    remap(report.checked[i].file, report.checked[i].pos);
  }
  for (std::size_t i = first_error; i < report.errors.size(); ++i) {
    core::LoadError& error = report.errors[i];
    const int stream_line = error.pos.line;
    if (remap(error.file, error.pos)) {
      error.message += " (rendered " + stream_name + ":" + std::to_string(stream_line) + ")";
    }
  }
  return mapped;
}

std::optional<fs::path> helm_template_chart(const std::string& path, std::string_view text) {
  if (text.find("{{") == std::string_view::npos) return std::nullopt;
  std::error_code ec;
  fs::path current = fs::path(path).lexically_normal().parent_path();
  // Walk up to the nearest "templates" directory whose parent holds a Chart.yaml.
  while (!current.empty()) {
    if (current.filename() == "templates") {
      fs::path chart = current.parent_path();
      if (fs::is_regular_file((chart.empty() ? fs::path(".") : chart) / "Chart.yaml", ec)) {
        return chart.empty() ? fs::path(".") : chart;
      }
    }
    fs::path parent = current.parent_path();
    if (parent == current) break;
    current = parent;
  }
  return std::nullopt;
}

}  // namespace jobwarden::cli
