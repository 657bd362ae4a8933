// `jobwarden` (lint, rules, explain, export, version) is linked without cpp-httplib and OpenSSL,
// which only `jobwarden serve` needs: loading them was more than half of a one-Job lint's start-up
// (docs/performance.md). `jobwarden serve` runs jobwarden-serve, beside it, in the same process.
// A Release build also links yaml-cpp and the C++ runtime statically into jobwarden.
// A Release build also links yaml-cpp and the C++ runtime statically into jobwarden.

#include <catch2/catch.hpp>
#include <filesystem>
#include <set>
#include <sstream>
#include <string>

#include "tests/support/scratch.hpp"

namespace {

namespace fs = std::filesystem;
using jobwarden::testing::run_shell;

// The DT_NEEDED entries of `binary` ("libssl.so.3", ...), less the sanitizer runtimes of the
// ASan build.
std::set<std::string> needed_libraries(const std::string& binary) {
  const auto result = run_shell("readelf -d '" + binary + "'");
  INFO(result.err);
  REQUIRE(result.code == 0);
  std::set<std::string> out;
  std::istringstream lines(result.out);
  for (std::string line; std::getline(lines, line);) {
    // " 0x0000000000000001 (NEEDED)             Shared library: [libssl.so.3]"
    if (line.find("(NEEDED)") == std::string::npos) continue;
    const auto open = line.find('[');
    const auto close = line.find(']', open);
    REQUIRE(close != std::string::npos);
    std::string name = line.substr(open + 1, close - open - 1);
    if (name.rfind("libasan", 0) == 0 || name.rfind("libubsan", 0) == 0) continue;
    out.insert(name);
  }
  return out;
}

}  // namespace

TEST_CASE("jobwarden loads only yaml-cpp and the C++ runtime, jobwarden-serve the TLS stack",
          "[cli][process]") {
#if JOBWARDEN_STATIC_YAML_CPP
  // A Release build links yaml-cpp and the C++ runtime into jobwarden (CMakeLists.txt).
  CHECK(needed_libraries(JOBWARDEN_BINARY) ==
        std::set<std::string>{"libm.so.6", "libc.so.6", "ld-linux-x86-64.so.2"});
#else
  CHECK(needed_libraries(JOBWARDEN_BINARY) == std::set<std::string>{"libyaml-cpp.so.0.7",
                                                                    "libstdc++.so.6", "libm.so.6",
                                                                    "libgcc_s.so.1", "libc.so.6"});
#endif
  const auto serve = needed_libraries(JOBWARDEN_SERVE_BINARY);
  CHECK(serve.count("libcpp-httplib.so.0.11") == 1);
  CHECK(serve.count("libssl.so.3") == 1);
  CHECK(serve.count("libcrypto.so.3") == 1);
  CHECK(fs::path(JOBWARDEN_SERVE_BINARY).parent_path() == fs::path(JOBWARDEN_BINARY).parent_path());
}

TEST_CASE("jobwarden serve runs jobwarden-serve from jobwarden's own directory", "[cli][process]") {
  jobwarden::testing::TempDir dir;
  SECTION("through a symbolic link to jobwarden: the link's target's directory") {
    fs::create_symlink(JOBWARDEN_BINARY, dir.path() / "jobwarden");
    const auto result = run_shell("'" + dir.file("jobwarden") + "' serve --tls-key k");
    CHECK(result.code == 2);
    // jobwarden-serve's own usage error: it ran.
    CHECK(result.err.rfind("jobwarden serve: --tls-cert is required\n", 0) == 0);
  }
  SECTION("a copy without jobwarden-serve beside it: a clear error, exit 2") {
    fs::copy_file(JOBWARDEN_BINARY, dir.path() / "jobwarden");
    const auto result = run_shell("'" + dir.file("jobwarden") + "' serve --tls-key k");
    CHECK(result.code == 2);
    CHECK(result.out.empty());
    CHECK(result.err == "jobwarden serve: cannot run the webhook server " +
                            dir.file("jobwarden-serve") +
                            ": No such file or directory (it is built and installed beside "
                            "jobwarden: cmake --build builds both)\n");
    // The other commands do not need it.
    CHECK(run_shell("'" + dir.file("jobwarden") + "' version").code == 0);
  }
}
