// Linter baselines for scripts/bench.sh (CMake target loader_bench, built on demand).
//   loader_bench generate DIR FILES DOCS_PER_FILE   write DIR/jobs-NNNN.yaml
//   (tests/bench/corpus.hpp) loader_bench parse-only PATH...   yaml-cpp's event parser with a
//   handler that does nothing:
//                                     the ceiling a linter on yaml-cpp cannot pass
//   loader_bench fast-parse-only PATH...  the loader's parsing (rules/core/yaml_parse.cpp: its
//                                     own scanner for the documents in the common subset,
//                                     yaml-cpp for the others), with the same null handler
//   loader_bench load PATH...         the project's loader (events -> JSON + SourceMap)
//   loader_bench load-yaml-cpp PATH...  the loader with every file through yaml-cpp
// PATH is a file or a directory (searched as `jobwarden lint` does). Prints one `BENCH` line:
// documents, bytes, wall and CPU seconds, peak RSS.
#include <sys/resource.h>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "rules/core/loader.hpp"
#include "rules/core/loader_internal.hpp"
#include "rules/core/paths.hpp"
#include "rules/core/yaml_ignoring_handler.hpp"
#include "tests/bench/corpus.hpp"

namespace fs = std::filesystem;

namespace {

// Counts documents and nothing else: what is left is yaml-cpp's scanner and parser.
class NullHandler final : public jobwarden::core::loader_internal::IgnoringHandler {
 public:
  std::size_t documents = 0;
  void OnDocumentStart(const YAML::Mark&) override { ++documents; }
};

class MemoryBuffer : public std::streambuf {
 public:
  explicit MemoryBuffer(const std::string& text) {
    char* b = const_cast<char*>(text.data());
    setg(b, b, b + text.size());
  }
};

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

int generate(const std::string& dir, std::size_t files, std::size_t per_file) {
  fs::create_directories(dir);
  std::size_t bytes = 0;
  std::size_t n = 0;
  for (std::size_t f = 0; f < files; ++f) {
    char name[32];
    std::snprintf(name, sizeof name, "jobs-%05zu.yaml", f);
    std::ofstream out(fs::path(dir) / name, std::ios::binary);
    for (std::size_t d = 0; d < per_file; ++d) {
      auto doc = jobwarden::bench::bench_job_document(n++);
      bytes += doc.size();
      out << doc;
    }
  }
  std::printf("generated %zu documents in %zu files, %zu bytes\n", n, files, bytes);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "generate" && argc == 5)
    return generate(argv[2], std::stoul(argv[3]), std::stoul(argv[4]));
  if ((mode != "parse-only" && mode != "fast-parse-only" && mode != "load" &&
       mode != "load-yaml-cpp") ||
      argc < 3) {
    std::cerr << "usage: loader_bench generate DIR FILES DOCS_PER_FILE | "
                 "loader_bench parse-only|fast-parse-only|load|load-yaml-cpp PATH...\n";
    return 2;
  }
  std::vector<jobwarden::core::LoadError> errors;  // directories as `jobwarden lint` expands them
  const auto files = jobwarden::core::expand_paths({argv + 2, argv + argc}, errors);
  for (const auto& error : errors) std::cerr << error.display() << "\n";
  const auto start = std::chrono::steady_clock::now();
  const std::clock_t cpu_start = std::clock();
  std::size_t documents = 0;
  std::size_t bytes = 0;
  int status = 0;
  for (const auto& path : files) {
    if (mode == "parse-only" || mode == "fast-parse-only") {
      const std::string text = slurp(path);  // the linter reads whole files too
      bytes += text.size();
      NullHandler handler;
      try {
        if (mode == "fast-parse-only") {
          jobwarden::core::loader_internal::parse_events(text, handler, true);
        } else {
          MemoryBuffer buffer(text);
          std::istream in(&buffer);
          YAML::Parser parser(in);
          while (parser.HandleNextDocument(handler)) {
          }
        }
      } catch (const YAML::Exception& e) {
        std::cerr << path << ": " << e.what() << "\n";
        status = 1;
      }
      documents += handler.documents;
      continue;
    }
    auto read = jobwarden::core::read_source(path);
    if (read.error) {
      std::cerr << read.error->display() << "\n";
      return 1;
    }
    bytes += read.file->text.size();
    jobwarden::core::LoadLimits limits;
    limits.simple_yaml_fast_path = mode == "load";
    auto error = jobwarden::core::parse_documents(
        read.file, [&](std::shared_ptr<const jobwarden::core::Document>) { ++documents; }, limits);
    if (error) {
      std::cerr << error->display() << "\n";
      status = 1;
    }
  }
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double cpu = double(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf(
      "BENCH mode=%s files=%zu documents=%zu bytes=%zu wall_s=%.3f cpu_s=%.3f "
      "max_rss_kib=%ld\n",
      mode.c_str(), files.size(), documents, bytes, wall, cpu, usage.ru_maxrss);
  return status;
}
