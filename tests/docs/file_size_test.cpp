// The house rule of issue 13: no source file over 500 lines outside rules/checks/ (one file per
// rule there); a file that grows past it is split by concern.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

TEST_CASE("no source file over 500 lines outside rules/checks", "[docs][layout]") {
  namespace fs = std::filesystem;
  const fs::path root = JOBWARDEN_SOURCE_DIR;
  std::size_t files = 0;
  for (const char* top : {"rules", "cli", "webhook", "tests"}) {
    for (const auto& entry : fs::recursive_directory_iterator(root / top)) {
      const auto extension = entry.path().extension();
      if (!entry.is_regular_file() || (extension != ".cpp" && extension != ".hpp")) continue;
      const std::string relative = fs::relative(entry.path(), root).generic_string();
      if (relative.starts_with("rules/checks/") || relative.starts_with("tests/tools/")) continue;
      std::ifstream in(entry.path());
      std::size_t lines = 0;
      for (std::string line; std::getline(in, line);) ++lines;
      ++files;
      INFO(relative << ": " << lines << " lines");
      CHECK(lines <= 500);
    }
  }
  REQUIRE(files > 100);
}
