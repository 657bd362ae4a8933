#include "rules/core/cpu_count.hpp"

#include <sched.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <thread>
#include <vector>

#include "rules/core/file_reader.hpp"
#include "rules/core/text.hpp"

namespace jobwarden::core {

namespace {

bool has_item(std::string_view list, std::string_view item) {
  for (std::string_view part : split(list, ',')) {
    if (part == item) return true;
  }
  return false;
}

// mountinfo writes space, tab, newline and backslash in paths as \040, \011, \012, \134.
std::string unescape(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 3 < text.size() &&
        std::all_of(text.begin() + i + 1, text.begin() + i + 4,
                    [](char c) { return c >= '0' && c <= '7'; })) {
      out += static_cast<char>((text[i + 1] - '0') * 64 + (text[i + 2] - '0') * 8 +
                               (text[i + 3] - '0'));
      i += 3;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::optional<std::int64_t> positive_number(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value <= 0) return std::nullopt;
  return value;
}

struct Mount {
  std::string root;   // the directory of the hierarchy mounted here
  std::string point;  // where
};

// The cgroup2 mounts (`cpu_v1` false) or the cgroup v1 mounts of the cpu controller.
std::vector<Mount> cgroup_mounts(std::string_view mountinfo, bool cpu_v1) {
  std::vector<Mount> mounts;
  for (std::string_view line : split(mountinfo, '\n')) {
    const std::vector<std::string_view> fields = split(line, ' ');
    const auto dash = std::find(fields.begin(), fields.end(), "-");
    // id, parent, major:minor, root, mount point, options, [optional fields], -, type, source,
    // super options.
    if (dash - fields.begin() < 6 || fields.end() - dash < 4) continue;
    const std::string_view type = dash[1];
    if (cpu_v1 ? (type != "cgroup" || !has_item(dash[3], "cpu")) : type != "cgroup2") continue;
    mounts.push_back({unescape(fields[3]), unescape(fields[4])});
  }
  return mounts;
}

// The limit set in one cgroup directory: quota over period (microseconds each). v2 writes both
// in cpu.max ("50000 100000", or "max 100000" for none); v1 one per file (quota -1: none).
std::optional<double> limit_in(const std::string& directory, bool cpu_v1, const ReadText& read) {
  std::optional<std::string> text = read(directory + (cpu_v1 ? "/cpu.cfs_quota_us" : "/cpu.max"));
  if (!text) return std::nullopt;
  if (cpu_v1) {
    const std::optional<std::string> period = read(directory + "/cpu.cfs_period_us");
    if (!period) return std::nullopt;
    *text += ' ' + *period;
  }
  const std::vector<std::string_view> parts = go_fields(*text);
  if (parts.size() != 2) return std::nullopt;
  const auto quota = positive_number(parts[0]);
  const auto period = positive_number(parts[1]);
  if (!quota || !period) return std::nullopt;
  return static_cast<double>(*quota) / static_cast<double>(*period);
}

// The tightest limit from `path` (a cgroup, as /proc/self/cgroup names it) up to the mount's root.
std::optional<double> tightest_limit(std::string_view path, const std::vector<Mount>& mounts,
                                     bool cpu_v1, const ReadText& read) {
  std::optional<double> tightest;
  for (const Mount& mount : mounts) {
    // The cgroup must be inside the mounted directory (a container sees only its own subtree).
    std::string_view below = path;
    if (mount.root != "/") {
      if (below.substr(0, mount.root.size()) != mount.root) continue;
      below.remove_prefix(mount.root.size());
      if (!below.empty() && below.front() != '/') continue;
    }
    while (!below.empty() && below.back() == '/') below.remove_suffix(1);
    std::string directory = mount.point + std::string(below);
    // A parent's limit binds its children too; a few dozen levels at most.
    for (int level = 0; level < 64; ++level) {
      const std::optional<double> limit = limit_in(directory, cpu_v1, read);
      if (limit && (!tightest || *limit < *tightest)) tightest = limit;
      if (directory.size() <= mount.point.size()) break;
      directory.resize(directory.rfind('/'));
    }
  }
  return tightest;
}

}  // namespace

std::optional<double> cgroup_cpu_limit(std::string_view self_cgroup, std::string_view mountinfo,
                                       const ReadText& read) {
  std::optional<double> tightest;
  // "hierarchy-id:controllers:path"; v2 is "0::path". The path may itself hold ':'.
  for (std::string_view line : split(self_cgroup, '\n')) {
    const std::size_t first = line.find(':');
    const std::size_t second = first == std::string_view::npos ? first : line.find(':', first + 1);
    if (second == std::string_view::npos) continue;
    const std::string_view id = line.substr(0, first);
    const std::string_view controllers = line.substr(first + 1, second - first - 1);
    const std::string_view path = line.substr(second + 1);
    if (path.empty() || path.front() != '/') continue;
    const bool cpu_v1 = !(id == "0" && controllers.empty());
    if (cpu_v1 && !has_item(controllers, "cpu")) continue;
    const std::optional<double> limit =
        tightest_limit(path, cgroup_mounts(mountinfo, cpu_v1), cpu_v1, read);
    if (limit && (!tightest || *limit < *tightest)) tightest = limit;
  }
  return tightest;
}

std::size_t usable_cpus(std::size_t affinity_cpus, const ReadText& read) {
  std::size_t cpus = affinity_cpus;
  const std::optional<std::string> self_cgroup = read("/proc/self/cgroup");
  const std::optional<std::string> mountinfo = read("/proc/self/mountinfo");
  if (self_cgroup && mountinfo) {
    if (const auto limit = cgroup_cpu_limit(*self_cgroup, *mountinfo, read)) {
      // 1.5 CPUs keep two threads busy part of the time; 0.5 keeps one.
      // Compared as a double: a huge quota must not be cast to size_t.
      const double cap = std::max(1.0, std::ceil(*limit - 1e-9));
      if (cap < static_cast<double>(cpus)) cpus = static_cast<std::size_t>(cap);
    }
  }
  return std::max<std::size_t>(1, cpus);
}

std::size_t usable_cpus() {
  std::size_t cpus = 0;
  cpu_set_t mask;
  if (sched_getaffinity(0, sizeof mask, &mask) == 0) {
    cpus = static_cast<std::size_t>(CPU_COUNT(&mask));
  }
  if (cpus == 0) cpus = std::thread::hardware_concurrency();
  // mountinfo of a node with many pods runs to a few hundred KiB.
  return usable_cpus(cpus, [](const std::string& path) -> std::optional<std::string> {
    FileRead file = read_file(path, std::size_t{4} << 20);
    if (file.error) return std::nullopt;
    return std::move(file.text);
  });
}

}  // namespace jobwarden::core
