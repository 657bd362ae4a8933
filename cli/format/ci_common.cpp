#include <map>

#include "cli/format/ci_formats.hpp"
#include "cli/format/sha256.hpp"

namespace jobwarden::cli::format {

namespace fs = std::filesystem;

std::string report_path(const std::string& file, const fs::path& source_root) {
  if (file.empty() || file == "<stdin>") return file;
  fs::path path = fs::path(file).lexically_normal();
  if (path.is_absolute() && !source_root.empty()) {
    fs::path relative = path.lexically_relative(source_root);
    if (!relative.empty() && *relative.begin() != "..") path = relative;
  }
  std::string out = path.generic_string();
  while (out.size() > 1 && out.ends_with('/')) out.pop_back();
  return out;
}

std::string finding_identity(const core::Finding& finding, const std::string& path) {
  // '\n' cannot occur in a path read from the command line in practice, nor in a kind, name or
  // rule id, so the joined string is unambiguous.
  return path + '\n' + finding.object.kind + '\n' + finding.object.namespace_name + '\n' +
         finding.object.name + '\n' + finding.rule_id + '\n' + finding.pointer;
}

std::vector<std::string> fingerprints(const core::Report& report, const fs::path& source_root) {
  std::vector<std::string> out;
  std::map<std::string, int> seen;
  for (const auto& finding : report.findings) {
    std::string identity = finding_identity(finding, report_path(finding.file, source_root));
    int occurrence = seen[identity]++;
    if (occurrence > 0) identity += "\n#" + std::to_string(occurrence);
    out.push_back(sha256_hex(identity));
  }
  return out;
}

std::string rule_help_uri(std::string_view rule_id) {
  return std::string(kProjectUri) + "/blob/main/docs/rules.md#" + std::string(rule_id);
}

}  // namespace jobwarden::cli::format
