#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

// How many CPUs this process can keep busy, for sizing the lint pool and the webhook's event
// loops. A container's CPU limit (cgroup CPU quota) does not show in the affinity mask or in
// std::thread::hardware_concurrency(): a pod limited to 1 CPU on a 64-core node would otherwise
// start 64 threads, which use up the quota early in each period and then all wait for the next
// one (CFS throttling: latency spikes of up to a period, 100 ms by default). As Go 1.25's
// default GOMAXPROCS: the affinity count, capped by the quota rounded up.
namespace jobwarden::core {

// Reads a small text file (null: cannot be read). Tests pass fakes.
using ReadText = std::function<std::optional<std::string>(const std::string& path)>;

// The CPU bandwidth limit in CPUs (e.g. 0.5, 2) of this process's cgroup, from the text of
// /proc/self/cgroup and /proc/self/mountinfo: the tightest limit on the way from its cgroup up to
// the root of the mount (cgroup v2 `cpu.max`, v1 `cpu.cfs_quota_us` / `cpu.cfs_period_us`).
// nullopt: no limit, or nothing that can be read or parsed.
std::optional<double> cgroup_cpu_limit(std::string_view self_cgroup, std::string_view mountinfo,
                                       const ReadText& read);

// `affinity_cpus` capped by ceil() of the limit of the cgroup /proc/self/cgroup names (read with
// `read`); at least 1.
std::size_t usable_cpus(std::size_t affinity_cpus, const ReadText& read);
// The same for this process: the CPUs in its affinity mask (else hardware_concurrency()), files
// read from /proc and /sys.
std::size_t usable_cpus();

}  // namespace jobwarden::core
