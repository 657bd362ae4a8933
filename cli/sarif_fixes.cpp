#include "cli/sarif_fixes.hpp"

#include <map>
#include <memory>
#include <tuple>

#include "rules/core/loader.hpp"
#include "rules/core/registry.hpp"
#include "rules/engine/fixer.hpp"

namespace jobwarden::cli {

namespace {

// 1-based line and code-point column of byte `offset` in `text`.
std::pair<int, int> line_col(const std::string& text, std::size_t offset) {
  int line = 1;
  int col = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++line;
      col = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++col;
    }
  }
  return {line, col};
}

}  // namespace

std::vector<std::optional<format::TextReplacement>> text_fixes(const core::Report& report,
                                                               const core::Config& config) {
  std::vector<std::optional<format::TextReplacement>> out(report.findings.size());
  // Per file: its text and documents' byte ranges, read once.
  struct FileDocuments {
    std::shared_ptr<core::SourceFile> file;
    std::map<std::size_t, std::pair<std::size_t, std::size_t>> ranges;  // index -> [begin, end)
  };
  std::map<std::string, std::optional<FileDocuments>> files;
  std::map<std::tuple<std::string, std::size_t, std::string>,
           std::optional<format::TextReplacement>>
      computed;
  for (std::size_t i = 0; i < report.findings.size(); ++i) {
    const core::Finding& finding = report.findings[i];
    if (finding.fix.is_null() || finding.file.empty() || finding.file == "<stdin>" ||
        !finding.rendered_at.empty()) {
      continue;
    }
    auto [file_it, inserted] = files.try_emplace(finding.file);
    if (inserted) {
      core::ReadResult read = core::read_source(finding.file);
      if (read.file) {
        FileDocuments documents{read.file, {}};
        core::parse_documents(read.file, [&](std::shared_ptr<const core::Document> document) {
          documents.ranges[document->index] = {document->begin_offset, document->end_offset};
        });
        file_it->second = std::move(documents);
      }
    }
    if (!file_it->second) continue;
    const FileDocuments& documents = *file_it->second;
    auto key = std::make_tuple(finding.file, finding.document_index, finding.rule_id);
    auto [fix_it, fresh] = computed.try_emplace(key);
    if (fresh) {
      auto range = documents.ranges.find(finding.document_index);
      if (range == documents.ranges.end()) continue;
      const auto [begin, end] = range->second;
      const std::string& text = documents.file->text;
      core::Config only = config;
      for (const auto& rule : core::Registry::instance().rules()) {
        if (rule.info.id != finding.rule_id) only.rules[rule.info.id].enabled = false;
      }
      core::Engine engine(only);
      const std::string slice = text.substr(begin, end - begin);
      core::FileFix fix = core::fix_source(core::source_from_text(finding.file, slice), engine);
      if (fix.error || !fix.changed()) continue;
      // One replacement: the differing middle of the document before and after.
      std::size_t prefix = 0;
      while (prefix < slice.size() && prefix < fix.text.size() &&
             slice[prefix] == fix.text[prefix]) {
        ++prefix;
      }
      std::size_t suffix = 0;
      while (suffix < slice.size() - prefix && suffix < fix.text.size() - prefix &&
             slice[slice.size() - 1 - suffix] == fix.text[fix.text.size() - 1 - suffix]) {
        ++suffix;
      }
      const auto [start_line, start_col] = line_col(text, begin + prefix);
      const auto [end_line, end_col] = line_col(text, begin + slice.size() - suffix);
      fix_it->second =
          format::TextReplacement{start_line, start_col, end_line, end_col,
                                  fix.text.substr(prefix, fix.text.size() - prefix - suffix)};
    }
    out[i] = fix_it->second;
  }
  return out;
}

}  // namespace jobwarden::cli
