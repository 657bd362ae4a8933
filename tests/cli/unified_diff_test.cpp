// The unified diff of `lint --diff`: exact hunks, and linear cost on fixes that touch every
// object of a large stream.
#include "cli/format/unified_diff.hpp"

#include <string>

#include <catch2/catch.hpp>

using jobwarden::cli::format::unified_diff;

TEST_CASE("unified diff: changes 6 lines apart share a hunk, as in diff -u") {
  const std::string before = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\n";
  const std::string after = "a\nb\nc\nX\nd\ne\nf\ng\nh\ni\nJ\nk\n";
  CHECK(unified_diff("f.yaml", before, after) ==
        "--- a/f.yaml\n+++ b/f.yaml\n"
        "@@ -1,11 +1,12 @@\n a\n b\n c\n+X\n d\n e\n f\n g\n h\n i\n-j\n+J\n k\n");
  CHECK(unified_diff("f.yaml", before, before).empty());
  CHECK(unified_diff("f.yaml", "a\n", "a\nb") ==
        "--- a/f.yaml\n+++ b/f.yaml\n@@ -1,1 +1,2 @@\n a\n+b\n\\ No newline at end of file\n");
}

TEST_CASE("unified diff: a line added to each of 20,000 objects is 20,000 additions") {
  // Myers alone needs memory proportional to lines x changes here (tens of GB); anchoring on
  // the unique lines keeps it linear.
  std::string before;
  std::string after;
  for (int i = 0; i < 20000; ++i) {
    const std::string item = "- name: job-" + std::to_string(i) + "\n  spec:\n    x: 1\n";
    before += item;
    after += item + "    ttl: 86400\n";
  }
  const std::string diff = unified_diff("list.yaml", before, after);
  std::size_t added = 0;
  std::size_t removed = 0;
  for (std::size_t at = diff.find('\n'); at != std::string::npos; at = diff.find('\n', at + 1)) {
    if (at + 1 < diff.size() && diff[at + 1] == '+') ++added;
    if (at + 1 < diff.size() && diff[at + 1] == '-') ++removed;
  }
  CHECK(added == 20000 + 1);  // plus the "+++ b/list.yaml" header
  CHECK(removed == 0);        // "--- a/" is the first line, not after a newline
}
