// The Dockerfile cannot be built here (no container engine), so its contract is checked
// statically: every file it copies from the build context exists, the runtime stage runs as a
// numeric non-root user, the runtime stage installs exactly the Debian packages of the shared
// libraries `ldd` names for the built binary (less those every Debian image has), and its
// ENTRYPOINT is the command the chart's Deployment runs.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/charts/chart_support.hpp"
#include "tests/support/scratch.hpp"

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

struct Instruction {
  std::string keyword;  // upper case
  std::string arguments;
};

// Instructions in order, continuation lines joined and comments dropped.
std::vector<Instruction> parse_dockerfile(const std::string& text) {
  std::vector<Instruction> out;
  std::istringstream lines(text);
  std::string line;
  std::string pending;
  while (std::getline(lines, line)) {
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    const bool continues = !line.empty() && line.back() == '\\';
    pending += line.substr(first, line.size() - first - (continues ? 1 : 0)) + " ";
    if (continues) continue;
    const auto space = pending.find(' ');
    std::string keyword = pending.substr(0, space);
    for (auto& c : keyword) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    out.push_back({keyword, pending.substr(space + 1)});
    pending.clear();
  }
  return out;
}

std::vector<std::string> words(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string word; in >> word;) out.push_back(word);
  return out;
}

// The packages `apt-get install` names in a RUN (options and shell operators left out).
std::set<std::string> installed_packages(const std::string& run) {
  std::set<std::string> out;
  const auto tokens = words(run);
  bool in_install = false;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const std::string& token = tokens[i];
    if (token == "&&" || token == ";" || token == "||") {
      in_install = false;
    } else if (token == "install" && i > 0 && tokens[i - 1].find("apt") != std::string::npos) {
      in_install = true;
    } else if (in_install && token[0] != '-') {
      out.insert(token);
    }
  }
  return out;
}

std::string trim(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  return text;
}

// The package owning `path`: dpkg records each file under one spelling, and with Debian's merged
// /usr the loader's /lib/... may be recorded as /usr/lib/... (or the other way round).
std::string package_of(const std::string& path) {
  std::vector<std::string> candidates = {path, fs::weakly_canonical(path).string()};
  if (path.rfind("/usr/", 0) == 0)
    candidates.push_back(path.substr(4));
  else
    candidates.push_back("/usr" + path);
  for (const auto& candidate : candidates) {
    const auto result = jobwarden::testing::run_shell("dpkg -S '" + candidate + "'");
    if (result.code != 0) continue;
    // "libssl3:amd64: /usr/lib/x86_64-linux-gnu/libssl.so.3"
    std::string package = result.out.substr(0, result.out.find(": "));
    return package.substr(0, package.find(':'));
  }
  return {};
}

// What every Debian image (debian:bookworm-slim included) has: the Essential packages and apt,
// with everything they depend on, read from this Debian machine's package database.
std::set<std::string> base_image_packages() {
  const auto result = jobwarden::testing::run_shell(
      "dpkg-query -W -f='${Package}\\t${Essential}\\t${Provides}\\t${Pre-Depends}, "
      "${Depends}\\n'");
  REQUIRE(result.code == 0);
  std::map<std::string, std::vector<std::vector<std::string>>> depends;  // AND of ORs
  std::map<std::string, std::string> provider;
  std::set<std::string> installed;
  std::vector<std::string> roots = {"apt"};
  std::istringstream lines(result.out);
  for (std::string line; std::getline(lines, line);) {
    std::vector<std::string> fields;
    std::istringstream in(line);
    for (std::string field; std::getline(in, field, '\t');) fields.push_back(field);
    if (fields.size() < 4) continue;
    const std::string& package = fields[0];
    installed.insert(package);
    if (fields[1] == "yes") roots.push_back(package);
    const auto name_of = [](std::string item) {
      item = item.substr(0, item.find('('));
      item = item.substr(0, item.find(':'));
      std::istringstream in(item);
      std::string name;
      in >> name;
      return name;
    };
    std::istringstream provides(fields[2]);
    for (std::string item; std::getline(provides, item, ',');) provider[name_of(item)] = package;
    std::istringstream all(fields[3]);
    for (std::string group; std::getline(all, group, ',');) {
      std::vector<std::string> alternatives;
      std::istringstream options(group);
      for (std::string item; std::getline(options, item, '|');) {
        if (auto name = name_of(item); !name.empty()) alternatives.push_back(name);
      }
      if (!alternatives.empty()) depends[package].push_back(alternatives);
    }
  }
  std::set<std::string> base;
  while (!roots.empty()) {
    std::string package = roots.back();
    roots.pop_back();
    if (!installed.count(package) && provider.count(package)) package = provider[package];
    if (!installed.count(package)) continue;
    if (!base.insert(package).second) continue;
    for (const auto& alternatives : depends[package]) {
      // The first alternative that is installed here (as apt would have picked).
      for (const auto& name : alternatives) {
        if (installed.count(name) || provider.count(name)) {
          roots.push_back(name);
          break;
        }
      }
    }
  }
  return base;
}

}  // namespace

TEST_CASE("Dockerfile: copies existing files, runs as non-root, ships what ldd needs",
          "[chart][docker]") {
  const std::string root = JOBWARDEN_SOURCE_DIR;
  const auto instructions = parse_dockerfile(jobwarden::testing::read_file(root + "/Dockerfile"));
  std::vector<std::vector<Instruction>> stages;
  for (const auto& instruction : instructions) {
    if (instruction.keyword == "FROM") stages.emplace_back();
    REQUIRE(!stages.empty());
    stages.back().push_back(instruction);
  }
  REQUIRE(stages.size() == 2);

  SECTION("every COPY source exists in the build context") {
    std::size_t checked = 0;
    for (const auto& stage : stages) {
      for (const auto& instruction : stage) {
        if (instruction.keyword != "COPY" && instruction.keyword != "ADD") continue;
        auto args = words(instruction.arguments);
        if (!args.empty() && args[0].rfind("--from=", 0) == 0) continue;  // from another stage
        std::erase_if(args, [](const std::string& a) { return a.rfind("--", 0) == 0; });
        REQUIRE(args.size() >= 2);
        for (std::size_t i = 0; i + 1 < args.size(); ++i) {
          INFO(instruction.arguments);
          CHECK(fs::exists(fs::path(root) / args[i]));
          ++checked;
        }
      }
    }
    CHECK(checked >= 1);
    // The context leaves out local builds and installed tools.
    const std::string ignore = jobwarden::testing::read_file(root + "/.dockerignore");
    for (const char* line : {"build*/\n", ".git/\n", "tests/tools/node_modules/\n"}) {
      CHECK(ignore.find(line) != std::string::npos);
    }
  }

  SECTION("the runtime stage runs as a numeric non-root user") {
    std::string user;
    for (const auto& instruction : stages.back()) {
      if (instruction.keyword == "USER") user = trim(instruction.arguments);
    }
    INFO("USER " << user);
    REQUIRE(!user.empty());
    const std::string uid = user.substr(0, user.find(':'));
    const std::string gid = user.find(':') == std::string::npos ? "" : user.substr(uid.size() + 1);
    CHECK(uid.find_first_not_of("0123456789") == std::string::npos);
    CHECK(gid.find_first_not_of("0123456789") == std::string::npos);
    CHECK(std::stoul(uid) != 0);
    // The chart's pod security context asks for the same user.
    jobwarden::testing::chart::require_helm();
    auto objects = jobwarden::testing::chart::render("");
    const json& pod = jobwarden::testing::chart::at(objects["Deployment/rel-jobwarden"],
                                                    "/spec/template/spec/securityContext");
    CHECK(std::to_string(pod["runAsUser"].get<long>()) == uid);
    CHECK(std::to_string(pod["runAsGroup"].get<long>()) == gid);
  }

  SECTION("the runtime packages are exactly those of the libraries ldd names") {
    std::set<std::string> runtime;
    for (const auto& instruction : stages.back()) {
      if (instruction.keyword == "RUN") runtime.merge(installed_packages(instruction.arguments));
    }
    const std::set<std::string> base = base_image_packages();
    REQUIRE(base.count("libc6"));
    std::set<std::string> needed;
    // `jobwarden serve` runs jobwarden-serve: the image needs the libraries of both.
    for (const char* binary : {JOBWARDEN_BINARY, JOBWARDEN_SERVE_BINARY}) {
      const auto ldd = jobwarden::testing::run_shell(std::string("ldd '") + binary + "'");
      INFO(ldd.out << ldd.err);
      REQUIRE(ldd.code == 0);
      std::istringstream lines(ldd.out);
      for (std::string line; std::getline(lines, line);) {
        // "libssl.so.3 => /lib/x86_64-linux-gnu/libssl.so.3 (0x...)" or "/lib64/ld-linux...
        // (0x...)"
        const auto arrow = line.find("=> ");
        const auto start = arrow == std::string::npos ? line.find('/') : arrow + 3;
        if (start == std::string::npos || line[start] != '/') continue;  // linux-vdso
        const std::string path = line.substr(start, line.find(' ', start) - start);
        const std::string package = package_of(path);
        INFO(path);
        REQUIRE(!package.empty());
        // The sanitizer runtimes come from the ASan build of the tests, never from the image's
        // Release build.
        if (package.rfind("libasan", 0) == 0 || package.rfind("libubsan", 0) == 0) continue;
        if (!base.count(package)) needed.insert(package);
      }
    }
    CHECK(runtime == needed);
  }

  SECTION("ENTRYPOINT is the command of the chart's Deployment") {
    std::string entrypoint;
    for (const auto& instruction : stages.back()) {
      if (instruction.keyword == "ENTRYPOINT") entrypoint = trim(instruction.arguments);
    }
    REQUIRE(!entrypoint.empty());
    REQUIRE(entrypoint.front() == '[');  // exec form: no shell in between
    jobwarden::testing::chart::require_helm();
    auto objects = jobwarden::testing::chart::render("");
    const json& container = jobwarden::testing::chart::at(objects["Deployment/rel-jobwarden"],
                                                          "/spec/template/spec/containers/0");
    CHECK(json::parse(entrypoint) == container["command"]);
    CHECK(container["args"][0] == "serve");
    // ... which runs jobwarden-serve from the directory of the entrypoint's program.
    const std::string program = json::parse(entrypoint)[0].get<std::string>();
    const std::string directory = program.substr(0, program.rfind('/') + 1);
    bool serve_copied = false;
    for (const auto& instruction : stages.back()) {
      if (instruction.keyword != "COPY") continue;
      auto args = words(instruction.arguments);
      std::erase_if(args, [](const std::string& a) { return a.rfind("--", 0) == 0; });
      if (args.size() < 2) continue;
      const std::string& destination = args.back();
      for (std::size_t i = 0; i + 1 < args.size(); ++i) {
        const bool named = args[i].ends_with("/jobwarden-serve");
        if (named && (destination == directory || destination == directory + "jobwarden-serve")) {
          serve_copied = true;
        }
      }
    }
    CHECK(serve_copied);
  }
}
