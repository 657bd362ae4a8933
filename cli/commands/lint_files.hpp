#pragma once

#include <cstddef>
#include <functional>
#include <istream>
#include <set>
#include <string>
#include <vector>

#include "rules/core/finding.hpp"
#include "rules/core/load_limits.hpp"
#include "rules/engine/engine.hpp"

namespace jobwarden::cli {

// How `lint` treats each file (the flags that matter per file).
struct FileLintSettings {
  const core::Engine* engine = nullptr;
  core::LoadLimits limits;
  bool fix = false;
  bool diff = false;
  bool quiet = false;
  std::string helm_chart;      // --helm-chart, for standard input
  std::istream* in = nullptr;  // standard input, for "-"
};

// What linting one file produced: its part of the report, what it printed (diffs, notes), and
// the files it stands for (itself, or the chart templates behind a rendered stream).
struct FileLint {
  core::Report report;
  std::string out;
  std::string err;
  std::set<std::string> linted_files;
};

// Lints `files` on up to `jobs` threads and hands each file's result to `consume` (on the
// calling thread) in the order of `files`, as soon as it and every file before it are done, so
// that merging them in order prints exactly what a single thread would and the caller can print
// and drop each one: threads stay at most a few files ahead of `consume`, and memory is bounded
// by the largest files, not the whole input. Entries naming the same file (after resolving the
// path) run one after another on one thread, so `--fix` never rewrites a file from two threads.
void lint_files(const std::vector<std::string>& files, const FileLintSettings& settings,
                std::size_t jobs, const std::function<void(FileLint&)>& consume);

// The number of threads `--jobs` defaults to: the CPUs this process may use (core::usable_cpus:
// its affinity mask, capped by a container CPU limit).
std::size_t default_lint_jobs();

}  // namespace jobwarden::cli
