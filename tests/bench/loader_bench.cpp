// Loader benchmark (CMake target loader_bench, built on demand): see loader_bench.sh.
//   loader_bench FILE            time read_source + parse_documents over FILE
//   loader_bench --generate FILE MB   write a stream of small Job documents of about MB megabytes
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include "rules/core/loader.hpp"
#include "tests/support/sample_jobs.hpp"

int main(int argc, char** argv) {
  if (argc == 4 && std::string(argv[1]) == "--generate") {
    std::size_t target = std::stoul(argv[3]) * 1024 * 1024;
    std::ofstream out(argv[2], std::ios::binary);
    std::size_t size = 0;
    std::size_t count = 0;
    while (size < target) {
      auto doc = jobwarden::testing::sample_job_document(count++);
      out << doc;
      size += doc.size();
    }
    std::cout << count << " documents, " << size << " bytes\n";
    return 0;
  }
  if (argc != 2) {
    std::cerr << "usage: loader_bench FILE | loader_bench --generate FILE MB\n";
    return 2;
  }
  auto start = std::chrono::steady_clock::now();
  std::clock_t cpu_start = std::clock();
  auto read = jobwarden::core::read_source(argv[1]);
  if (read.error) {
    std::cerr << read.error->display() << "\n";
    return 1;
  }
  std::size_t docs = 0;
  std::size_t nodes = 0;
  auto error = jobwarden::core::parse_documents(
      read.file, [&](std::shared_ptr<const jobwarden::core::Document> doc) {
        ++docs;
        nodes += doc->source.size();
      });
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double cpu = double(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  if (error) std::cerr << error->display() << "\n";
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  double mb = double(read.file->text.size()) / (1024 * 1024);
  std::printf(
      "%zu documents, %zu source nodes, %.1f MB: wall %.2f s, cpu %.2f s (%.1f MB/s cpu), "
      "max RSS %ld MB\n",
      docs, nodes, mb, wall, cpu, mb / cpu, usage.ru_maxrss / 1024);
  return error ? 1 : 0;
}
