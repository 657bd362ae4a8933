// core::cgroup_cpu_limit and usable_cpus: the pool sizes follow a container's CPU limit.
#include <catch2/catch.hpp>

#include <map>
#include <thread>

#include "rules/core/cpu_count.hpp"

using jobwarden::core::cgroup_cpu_limit;
using jobwarden::core::ReadText;
using jobwarden::core::usable_cpus;

namespace {

// A file system of a few files; anything else cannot be read.
ReadText files(std::map<std::string, std::string> contents) {
  return [contents = std::move(contents)](const std::string& path) -> std::optional<std::string> {
    const auto it = contents.find(path);
    if (it == contents.end()) return std::nullopt;
    return it->second;
  };
}

// What a pod's container sees with cgroup v2 and its own cgroup namespace.
const std::string kV2Mountinfo =
    "22 28 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:13 - proc proc rw\n"
    "25 28 0:24 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 "
    "rw,nsdelegate,memory_recursiveprot\n";

// Docker on cgroup v1 without a cgroup namespace: the container's directory is mounted.
const std::string kV1Mountinfo =
    "31 23 0:28 / /sys/fs/cgroup ro,nosuid - tmpfs tmpfs ro,mode=755\n"
    "33 31 0:30 /docker/abc /sys/fs/cgroup/cpu,cpuacct ro,nosuid master:12 - cgroup cgroup "
    "rw,cpu,cpuacct\n"
    "34 31 0:31 /docker/abc /sys/fs/cgroup/memory ro,nosuid master:13 - cgroup cgroup rw,memory\n"
    "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";
const std::string kV1SelfCgroup =
    "12:memory:/docker/abc\n4:cpu,cpuacct:/docker/abc\n1:name=systemd:/docker/abc\n0::/docker/"
    "abc\n";

}  // namespace

TEST_CASE("cgroup v2: cpu.max gives the limit, max is none", "[core][cpu]") {
  CHECK(cgroup_cpu_limit("0::/\n", kV2Mountinfo,
                         files({{"/sys/fs/cgroup/cpu.max", "150000 100000\n"}})) == 1.5);
  CHECK(cgroup_cpu_limit("0::/\n", kV2Mountinfo,
                         files({{"/sys/fs/cgroup/cpu.max", "max 100000\n"}})) == std::nullopt);
  // No cpu.max (the cpu controller is not enabled there), or no cgroup2 mount at all.
  CHECK(cgroup_cpu_limit("0::/\n", kV2Mountinfo, files({})) == std::nullopt);
  CHECK(cgroup_cpu_limit("0::/\n", "", files({{"/sys/fs/cgroup/cpu.max", "1 1"}})) == std::nullopt);
}

TEST_CASE("cgroup v2: a parent's tighter limit binds, up to the mount's root", "[core][cpu]") {
  const std::string pod = "/sys/fs/cgroup/kubepods.slice/pod1";
  const auto read = files({{"/sys/fs/cgroup/kubepods.slice/cpu.max", "max 100000"},
                           {pod + "/cpu.max", "50000 100000"},
                           {pod + "/ctr/cpu.max", "max 100000"}});
  CHECK(cgroup_cpu_limit("0::/kubepods.slice/pod1/ctr\n", kV2Mountinfo, read) == 0.5);
  // The same hierarchy mounted from the pod's directory (a cgroup namespace rooted there).
  const std::string mounted_at_pod =
      "25 28 0:24 /kubepods.slice/pod1 /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n";
  CHECK(cgroup_cpu_limit("0::/kubepods.slice/pod1/ctr\n", mounted_at_pod,
                         files({{"/sys/fs/cgroup/ctr/cpu.max", "250000 100000"},
                                {"/sys/fs/cgroup/cpu.max", "300000 100000"}})) == 2.5);
  // A cgroup outside the mounted directory is not looked for below it.
  CHECK(cgroup_cpu_limit("0::/other/ctr\n", mounted_at_pod,
                         files({{"/sys/fs/cgroup/cpu.max", "300000 100000"}})) == std::nullopt);
}

TEST_CASE("cgroup v1: cfs quota over period of the cpu controller's cgroup", "[core][cpu]") {
  const std::string dir = "/sys/fs/cgroup/cpu,cpuacct";
  CHECK(cgroup_cpu_limit(kV1SelfCgroup, kV1Mountinfo,
                         files({{dir + "/cpu.cfs_quota_us", "200000\n"},
                                {dir + "/cpu.cfs_period_us", "100000\n"}})) == 2.0);
  CHECK(cgroup_cpu_limit(kV1SelfCgroup, kV1Mountinfo,
                         files({{dir + "/cpu.cfs_quota_us", "-1\n"},
                                {dir + "/cpu.cfs_period_us", "100000\n"}})) == std::nullopt);
  // The memory controller's files are not the cpu controller's.
  CHECK(cgroup_cpu_limit(kV1SelfCgroup, kV1Mountinfo,
                         files({{"/sys/fs/cgroup/memory/cpu.cfs_quota_us", "100000"},
                                {"/sys/fs/cgroup/memory/cpu.cfs_period_us", "100000"}})) ==
        std::nullopt);
}

TEST_CASE("mount points are unescaped as mountinfo writes them", "[core][cpu]") {
  const std::string mountinfo = "25 28 0:24 / /sys/fs/my\\040cgroup rw - cgroup2 cgroup2 rw\n";
  CHECK(cgroup_cpu_limit("0::/\n", mountinfo,
                         files({{"/sys/fs/my cgroup/cpu.max", "400000 100000"}})) == 4.0);
}

TEST_CASE("unreadable or malformed cgroup files mean no limit", "[core][cpu]") {
  for (const std::string bad : {"", "max", "abc 100000", "50000 0", "-5 100000", "50000 100000 1",
                                "1e5 100000", "99999999999999999999999 1"}) {
    INFO(bad);
    CHECK(cgroup_cpu_limit("0::/\n", kV2Mountinfo, files({{"/sys/fs/cgroup/cpu.max", bad}})) ==
          std::nullopt);
  }
  for (const std::string self : {"", "garbage", "0::", "0::relative", ":::::", "\n\n"}) {
    INFO(self);
    CHECK(cgroup_cpu_limit(self, kV2Mountinfo, files({{"/sys/fs/cgroup/cpu.max", "1 1"}})) ==
          std::nullopt);
  }
  CHECK(cgroup_cpu_limit("0::/\n", "- - -\n1 2 3\n - cgroup2\n",
                         files({{"/sys/fs/cgroup/cpu.max", "1 1"}})) == std::nullopt);
}

TEST_CASE("usable_cpus: the affinity count capped by the limit rounded up", "[core][cpu]") {
  const auto with_limit = [](const std::string& cpu_max) {
    return files({{"/proc/self/cgroup", "0::/\n"},
                  {"/proc/self/mountinfo", kV2Mountinfo},
                  {"/sys/fs/cgroup/cpu.max", cpu_max}});
  };
  CHECK(usable_cpus(64, with_limit("50000 100000")) == 1);   // 500m
  CHECK(usable_cpus(64, with_limit("150000 100000")) == 2);  // 1500m
  CHECK(usable_cpus(64, with_limit("200000 100000")) == 2);
  CHECK(usable_cpus(64, with_limit("100 100000")) == 1);    // 1m
  CHECK(usable_cpus(4, with_limit("800000 100000")) == 4);  // the limit is above the mask
  CHECK(usable_cpus(8, with_limit("max 100000")) == 8);
  CHECK(usable_cpus(8, files({})) == 8);  // no /proc: the mask alone
  CHECK(usable_cpus(0, files({})) == 1);
  // This process: at most what the scheduler lets it use, never none.
  const std::size_t here = usable_cpus();
  CHECK(here >= 1);
  CHECK(here <= std::max(1u, std::thread::hardware_concurrency()));
}
