#include "cli/baseline.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <tuple>

#include <nlohmann/json.hpp>

namespace jobwarden::cli {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

using Key =
    std::tuple<std::string, std::string, std::string, std::string, std::string, std::string>;

Key key_of(const BaselineEntry& entry) {
  return {entry.file, entry.kind, entry.namespace_name, entry.name, entry.rule, entry.pointer};
}

fs::path baseline_dir(const std::string& baseline_path, const fs::path& cwd) {
  fs::path dir = fs::path(baseline_path).parent_path();
  return (dir.is_absolute() ? dir : cwd / dir).lexically_normal();
}

// A finding's file as the baseline records it: relative to the baseline's directory.
std::string relative_to(const std::string& file, const fs::path& dir, const fs::path& cwd) {
  if (file.empty() || file == "<stdin>") return file;
  fs::path path = fs::path(file);
  path = (path.is_absolute() ? path : cwd / path).lexically_normal();
  fs::path relative = path.lexically_relative(dir);
  return (relative.empty() ? path : relative).generic_string();
}

BaselineEntry entry_of(const core::Finding& finding, const fs::path& dir, const fs::path& cwd) {
  return {relative_to(finding.file, dir, cwd),
          finding.object.kind,
          finding.object.namespace_name,
          finding.object.name,
          finding.rule_id,
          finding.pointer,
          finding.message};
}

std::string field(const json& item, const char* name, std::size_t index) {
  auto it = item.find(name);
  if (it == item.end() || !it->is_string()) {
    throw std::runtime_error("findings[" + std::to_string(index) + "]." + name +
                             " is missing or not a string");
  }
  return it->get<std::string>();
}

}  // namespace

json entry_json(const BaselineEntry& entry) {
  return {{"file", entry.file},      {"kind", entry.kind}, {"namespace", entry.namespace_name},
          {"name", entry.name},      {"rule", entry.rule}, {"pointer", entry.pointer},
          {"message", entry.message}};
}

BaselineLoad load_baseline(const std::string& path) {
  BaselineLoad load;
  load.baseline.path = path;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    load.error = path + ": cannot read the baseline: " + std::strerror(errno);
    return load;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  json root = json::parse(buffer.str(), nullptr, false);
  if (root.is_discarded() || !root.is_object()) {
    load.error = path +
                 ": not a jobwarden baseline (expected a JSON object; write one with "
                 "`jobwarden lint --write-baseline " +
                 path + " PATH...`)";
    return load;
  }
  auto version = root.find("version");
  if (version == root.end() || !version->is_number_integer()) {
    load.error = path + ": not a jobwarden baseline (no \"version\")";
    return load;
  }
  if (version->get<std::int64_t>() != kBaselineVersion) {
    load.error = path + ": baseline version " + version->dump() + " is not supported (this " +
                 "jobwarden reads version " + std::to_string(kBaselineVersion) +
                 "; write it again with --write-baseline)";
    return load;
  }
  auto findings = root.find("findings");
  if (findings == root.end() || !findings->is_array()) {
    load.error = path + ": not a jobwarden baseline (\"findings\" must be an array)";
    return load;
  }
  try {
    for (std::size_t i = 0; i < findings->size(); ++i) {
      const json& item = (*findings)[i];
      if (!item.is_object())
        throw std::runtime_error("findings[" + std::to_string(i) + "] is not an object");
      BaselineEntry entry{field(item, "file", i),
                          field(item, "kind", i),
                          field(item, "namespace", i),
                          field(item, "name", i),
                          field(item, "rule", i),
                          field(item, "pointer", i),
                          item.value("message", std::string())};
      load.baseline.entries.push_back(std::move(entry));
    }
  } catch (const std::exception& error) {
    load.error = path + ": " + error.what();
  }
  return load;
}

std::string baseline_text(const core::Report& report, const std::string& baseline_path,
                          const fs::path& cwd) {
  const fs::path dir = baseline_dir(baseline_path, cwd);
  std::vector<BaselineEntry> entries;
  for (const auto& finding : report.findings) entries.push_back(entry_of(finding, dir, cwd));
  // Sorted by identity, so a rewritten baseline diffs cleanly in review.
  std::stable_sort(entries.begin(), entries.end(),
                   [](const auto& a, const auto& b) { return key_of(a) < key_of(b); });
  json list = json::array();
  for (const auto& entry : entries) list.push_back(entry_json(entry));
  json root = {{"version", kBaselineVersion}, {"tool", "jobwarden"}, {"findings", list}};
  return root.dump(2) + "\n";
}

BaselineOutcome apply_baseline(const Baseline& baseline, core::Report& report,
                               const std::set<std::string>& linted_files, const fs::path& cwd) {
  const fs::path dir = baseline_dir(baseline.path, cwd);
  std::map<Key, std::vector<const BaselineEntry*>> remaining;
  for (const auto& entry : baseline.entries) remaining[key_of(entry)].push_back(&entry);

  BaselineOutcome outcome;
  std::vector<core::Finding> kept;
  for (auto& finding : report.findings) {
    auto it = remaining.find(key_of(entry_of(finding, dir, cwd)));
    if (it != remaining.end() && !it->second.empty()) {
      it->second.pop_back();
      ++outcome.hidden;
      continue;
    }
    kept.push_back(std::move(finding));
  }
  report.findings = std::move(kept);

  std::set<std::string> linted;
  for (const auto& file : linted_files) linted.insert(relative_to(file, dir, cwd));
  for (const auto& entry : baseline.entries) {
    auto& left = remaining[key_of(entry)];
    // Entries are consumed from the back; the first `left.size()` of a key are the unmatched.
    if (left.empty() || linted.count(entry.file) == 0) continue;
    if (std::find(left.begin(), left.end(), &entry) == left.end()) continue;
    outcome.fixed.push_back(entry);
  }
  return outcome;
}

}  // namespace jobwarden::cli
