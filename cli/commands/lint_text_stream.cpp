#include "cli/commands/lint_text_stream.hpp"

#include <algorithm>
#include <iterator>
#include <numeric>

namespace jobwarden::cli {

TextFindingStream::TextFindingStream(const std::vector<std::string>& files, std::ostream& out,
                                     bool color, bool hints)
    : files_(files),
      out_(out),
      color_(color),
      hints_(hints),
      sorted_(files.size()),
      rank_(files.size()),
      waiting_(files.size()) {
  std::iota(sorted_.begin(), sorted_.end(), std::size_t{0});
  std::stable_sort(sorted_.begin(), sorted_.end(),
                   [&](std::size_t a, std::size_t b) { return files[a] < files[b]; });
  for (std::size_t r = 0; r < sorted_.size(); ++r) rank_[sorted_[r]] = r;
}

void TextFindingStream::add(core::Report& part) {
  totals_.add(part);
  waiting_[rank_[added_++]] = std::move(part.findings);
  part.findings.clear();
  print_ready();
}

void TextFindingStream::print_ready() {
  while (printed_ < sorted_.size() && waiting_[printed_]) {
    // Entries naming one path sort together: print them once all are in, merged and sorted as
    // the whole report would be.
    std::size_t end = printed_ + 1;
    while (end < sorted_.size() && files_[sorted_[end]] == files_[sorted_[printed_]]) ++end;
    for (std::size_t r = printed_; r < end; ++r) {
      if (!waiting_[r]) return;
    }
    core::Report merged;
    for (std::size_t r = printed_; r < end; ++r) {
      std::move(waiting_[r]->begin(), waiting_[r]->end(), std::back_inserter(merged.findings));
      waiting_[r].reset();
    }
    merged.sort();
    format::write_text_findings(merged, out_, color_, hints_);
    printed_ = end;
  }
}

}  // namespace jobwarden::cli
