#pragma once

#include <cstddef>
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

// Lints `files` on up to `jobs` threads and returns one result per file, in the order of
// `files`, so that merging them in order prints exactly what a single thread would. Entries
// naming the same file (after resolving the path) run one after another on one thread, so
// `--fix` never rewrites a file from two threads.
std::vector<FileLint> lint_files(const std::vector<std::string>& files,
                                 const FileLintSettings& settings, std::size_t jobs);

// The number of threads `--jobs` defaults to: the cores this process may run on.
std::size_t default_lint_jobs();

}  // namespace jobwarden::cli
