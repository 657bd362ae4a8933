#include "cli/format/unified_diff.hpp"

#include <algorithm>
#include <span>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace jobwarden::cli::format {

namespace {

std::vector<std::string_view> split_lines(const std::string& text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    std::size_t end = nl == std::string::npos ? text.size() : nl + 1;
    lines.emplace_back(text.data() + start, end - start);
    start = end;
  }
  return lines;
}

enum class Op { keep, remove, add };

// Myers' O((N+M)D) shortest edit script, keeping O((N+M)D) memory: only for the small gaps
// between anchors (diff_lines), where D is a few inserted lines.
std::vector<Op> edit_script(std::span<const std::string_view> a,
                            std::span<const std::string_view> b) {
  const int n = static_cast<int>(a.size());
  const int m = static_cast<int>(b.size());
  const int max = n + m;
  std::vector<int> v(2 * static_cast<std::size_t>(max) + 2, 0);
  std::vector<std::vector<int>> trace;
  const int offset = max + 1;
  for (int d = 0; d <= max; ++d) {
    trace.push_back(v);
    for (int k = -d; k <= d; k += 2) {
      int x = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]))
                  ? v[offset + k + 1]
                  : v[offset + k - 1] + 1;
      int y = x - k;
      while (x < n && y < m && a[x] == b[y]) {
        ++x;
        ++y;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        // Walk back through the snapshots to recover the script.
        std::vector<Op> script;
        int cx = n, cy = m;
        for (int back = d; back > 0; --back) {
          const std::vector<int>& pv = trace[back];
          int ck = cx - cy;
          int prev_k = (ck == -back || (ck != back && pv[offset + ck - 1] < pv[offset + ck + 1]))
                           ? ck + 1
                           : ck - 1;
          int prev_x = pv[offset + prev_k];
          int prev_y = prev_x - prev_k;
          while (cx > prev_x && cy > prev_y) {
            script.push_back(Op::keep);
            --cx;
            --cy;
          }
          script.push_back(cx == prev_x ? Op::add : Op::remove);
          cx = prev_x;
          cy = prev_y;
        }
        while (cx > 0 && cy > 0) {
          script.push_back(Op::keep);
          --cx;
          --cy;
        }
        std::reverse(script.begin(), script.end());
        return script;
      }
    }
  }
  return {};
}

// The edit script of a against b, appended to `out`. Common prefix and suffix are kept; in
// between, lines that occur exactly once on each side and in the same order anchor the diff
// (patience diff), so a fix that adds lines to thousands of objects costs linear time and memory
// instead of Myers' (N+M)*D; only the gaps between anchors go to edit_script.
void diff_lines(std::span<const std::string_view> a, std::span<const std::string_view> b,
                std::vector<Op>& out) {
  std::size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  std::size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
    ++suffix;
  }
  out.insert(out.end(), prefix, Op::keep);
  a = a.subspan(prefix, a.size() - prefix - suffix);
  b = b.subspan(prefix, b.size() - prefix - suffix);
  if (a.empty() || b.empty()) {  // only removals or only additions (or nothing) in between
    out.insert(out.end(), a.size(), Op::remove);
    out.insert(out.end(), b.size(), Op::add);
    out.insert(out.end(), suffix, Op::keep);
    return;
  }

  // Lines unique in both middles: count per side, remember the position in b.
  struct Count {
    int in_a = 0;
    int in_b = 0;
    std::size_t b_index = 0;
  };
  std::unordered_map<std::string_view, Count> counts;
  for (const auto& line : a) ++counts[line].in_a;
  for (std::size_t j = 0; j < b.size(); ++j) {
    Count& count = counts[b[j]];
    ++count.in_b;
    count.b_index = j;
  }
  std::vector<std::pair<std::size_t, std::size_t>> candidates;  // (a index, b index)
  for (std::size_t i = 0; i < a.size(); ++i) {
    const Count& count = counts[a[i]];
    if (count.in_a == 1 && count.in_b == 1) candidates.emplace_back(i, count.b_index);
  }
  // Longest run increasing in b (patience sorting), O(n log n).
  std::vector<std::size_t> tails;  // candidate index ending the best run of each length
  std::vector<std::size_t> previous(candidates.size(), SIZE_MAX);
  for (std::size_t c = 0; c < candidates.size(); ++c) {
    auto at = std::lower_bound(
        tails.begin(), tails.end(), candidates[c].second,
        [&](std::size_t t, std::size_t value) { return candidates[t].second < value; });
    if (at != tails.begin()) previous[c] = *(at - 1);
    if (at == tails.end()) {
      tails.push_back(c);
    } else {
      *at = c;
    }
  }
  std::vector<std::pair<std::size_t, std::size_t>> anchors;
  for (std::size_t c = tails.empty() ? SIZE_MAX : tails.back(); c != SIZE_MAX; c = previous[c]) {
    anchors.push_back(candidates[c]);
  }
  std::reverse(anchors.begin(), anchors.end());

  if (anchors.empty()) {
    const auto script = edit_script(a, b);
    out.insert(out.end(), script.begin(), script.end());
  } else {
    std::size_t ai = 0, bi = 0;
    for (const auto& [anchor_a, anchor_b] : anchors) {
      diff_lines(a.subspan(ai, anchor_a - ai), b.subspan(bi, anchor_b - bi), out);
      out.push_back(Op::keep);
      ai = anchor_a + 1;
      bi = anchor_b + 1;
    }
    diff_lines(a.subspan(ai), b.subspan(bi), out);
  }
  out.insert(out.end(), suffix, Op::keep);
}

void append_line(std::string& out, char marker, std::string_view line) {
  out += marker;
  out.append(line);
  if (line.empty() || line.back() != '\n') out += "\n\\ No newline at end of file\n";
}

}  // namespace

std::string unified_diff(const std::string& path, const std::string& before,
                         const std::string& after) {
  if (before == after) return {};
  auto a = split_lines(before);
  auto b = split_lines(after);
  std::vector<Op> script;
  diff_lines(a, b, script);

  constexpr std::size_t kContext = 3;
  std::string out = "--- a/" + path + "\n+++ b/" + path + "\n";
  std::size_t i = 0;
  std::size_t ai = 0, bi = 0;  // line indexes at script position i
  while (i < script.size()) {
    if (script[i] == Op::keep) {
      ++i;
      ++ai;
      ++bi;
      continue;
    }
    // A hunk: from kContext lines before this change to kContext lines after the last change
    // that is within 2*kContext lines of the previous one.
    std::size_t lead = std::min<std::size_t>(kContext, std::min(ai, bi));
    std::size_t start = i - lead;
    std::size_t end = i;
    std::size_t keeps = 0;
    for (std::size_t j = i; j < script.size(); ++j) {
      if (script[j] == Op::keep) {
        if (++keeps > 2 * kContext) break;
      } else {
        keeps = 0;
        end = j + 1;
      }
    }
    std::size_t stop = std::min(script.size(), end + kContext);
    std::size_t a_start = ai - lead, b_start = bi - lead, a_count = 0, b_count = 0;
    std::string body;
    std::size_t x = a_start, y = b_start;
    for (std::size_t j = start; j < stop; ++j) {
      switch (script[j]) {
        case Op::keep:
          append_line(body, ' ', a[x++]);
          ++y;
          ++a_count;
          ++b_count;
          break;
        case Op::remove:
          append_line(body, '-', a[x++]);
          ++a_count;
          break;
        case Op::add:
          append_line(body, '+', b[y++]);
          ++b_count;
          break;
      }
    }
    auto range = [](std::size_t first, std::size_t count) {
      return std::to_string(count == 0 ? first : first + 1) + "," + std::to_string(count);
    };
    out += "@@ -" + range(a_start, a_count) + " +" + range(b_start, b_count) + " @@\n" + body;
    ai = x;
    bi = y;
    i = stop;
  }
  return out;
}

}  // namespace jobwarden::cli::format
