#pragma once

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "cli/format/format.hpp"
#include "rules/core/finding.hpp"

namespace jobwarden::cli {

// Prints text findings file by file while `lint` runs, in exactly the order a whole sorted
// report would print them (Report::sort orders by file first), and keeps only counts: memory is
// bounded by the largest file, not by the total input. Parts come in input order; a part whose
// file sorts after one not yet seen waits for it.
class TextFindingStream {
 public:
  TextFindingStream(const std::vector<std::string>& files, std::ostream& out, bool color,
                    bool hints);
  // The report of files[i], for i = 0, 1, ... in turn.
  void add(core::Report& part);
  const format::ReportTotals& totals() const { return totals_; }

 private:
  void print_ready();

  const std::vector<std::string>& files_;
  std::ostream& out_;
  bool color_;
  bool hints_;
  std::vector<std::size_t> sorted_;  // indices into files_, by path (stable)
  std::vector<std::size_t> rank_;    // rank_[i]: where files_[i] is in sorted_
  std::vector<std::optional<std::vector<core::Finding>>> waiting_;  // by rank
  std::size_t added_ = 0;
  std::size_t printed_ = 0;  // ranks before it are printed
  format::ReportTotals totals_;
};

}  // namespace jobwarden::cli
