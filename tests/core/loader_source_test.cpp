// The loader's reading side: files, paths, errors and volume (split from loader_test.cpp). Comment
// pragmas are the engine's: tests/engine/suppression_test.cpp.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

#include "rules/core/loader.hpp"
#include "tests/support/parse_text.hpp"
#include "tests/support/sample_jobs.hpp"
#include "tests/support/scratch.hpp"

using jobwarden::core::Document;
using jobwarden::core::LoadError;
using jobwarden::core::LoadLimits;
using jobwarden::testing::TempDir;
using nlohmann::json;

namespace {

jobwarden::testing::Parsed parse(std::string text, std::string path) {
  return jobwarden::testing::parse_text(std::move(text), std::move(path), {});
}

}  // namespace

TEST_CASE("loader: read_source reads files and reports I/O errors naming the file", "[loader]") {
  TempDir dir;
  auto path = dir.write("job.yaml", "kind: Job # jobwarden:ignore some-rule\n");
  auto ok = jobwarden::core::read_source(path);
  REQUIRE_FALSE(ok.error);
  REQUIRE(ok.file);
  CHECK(ok.file->path == path);
  CHECK(ok.file->text == "kind: Job # jobwarden:ignore some-rule\n");

  auto missing = jobwarden::core::read_source((dir.path() / "nope.yaml").string());
  REQUIRE(missing.error);
  CHECK(missing.error->display() ==
        (dir.path() / "nope.yaml").string() + ": no such file or directory");
  CHECK_FALSE(missing.file);

  auto directory = jobwarden::core::read_source(dir.path().string());
  REQUIRE(directory.error);
  CHECK(directory.error->display() == dir.path().string() + ": is a directory");

  LoadLimits small;
  small.max_file_bytes = 10;
  auto big = jobwarden::core::read_source(path, small);
  REQUIRE(big.error);
  CHECK(big.error->display() == path + ": file is too large (39 bytes; the limit is 10)");

  auto locked = dir.write("locked.yaml", "kind: Job\n");
  std::filesystem::permissions(locked, std::filesystem::perms::none);
  auto denied = jobwarden::core::read_source(locked);
  if (::geteuid() != 0) {  // root reads anything
    REQUIRE(denied.error);
    CHECK(denied.error->display() == locked + ": permission denied");
  }
}

TEST_CASE("loader: expand_paths", "[loader]") {
  TempDir dir;
  dir.write("b.yaml", "");
  dir.write("a.yml", "");
  dir.write("sub/c.json", "");
  dir.write("sub/deeper/d.yaml", "");
  dir.write("notes.txt", "");
  dir.write("sub/e.yaml.bak", "");
  auto txt = (dir.path() / "notes.txt").string();
  std::vector<LoadError> errors;
  auto out = jobwarden::core::expand_paths(
      {dir.path().string(), txt, "-", (dir.path() / "missing").string()}, errors);
  const auto d = dir.path().string();
  CHECK(out == std::vector<std::string>{d + "/a.yml", d + "/b.yaml", d + "/sub/c.json",
                                        d + "/sub/deeper/d.yaml", txt, "-"});
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].display() == d + "/missing: no such file or directory");
}

TEST_CASE("loader: LoadError display", "[loader]") {
  CHECK(LoadError{"a.yaml", {3, 7}, "boom"}.display() == "a.yaml:3:7: boom");
  CHECK(LoadError{"a.yaml", {3, 0}, "boom"}.display() == "a.yaml:3: boom");
  CHECK(LoadError{"a.yaml", {}, "boom"}.display() == "a.yaml: boom");
}

TEST_CASE("loader: documents before an error are delivered", "[loader]") {
  auto parsed = parse("kind: A\n---\nkind: B\n---\nkind: [\n", "s.yaml");
  REQUIRE(parsed.error);
  CHECK(parsed.error->file == "s.yaml");
  CHECK(parsed.error->message.rfind("yaml: ", 0) == 0);
  CHECK(parsed.error->pos.line >= 5);
  REQUIRE(parsed.docs.size() == 2);
  CHECK(parsed.docs[1]->value == json{{"kind", "B"}});
}

namespace {

// yaml-cpp's scanner reads about 5 MB/s here (its RegEx matcher dominates the profile), so the
// 50 MB stream takes ~10 s of CPU: it is tagged [.slow]; the 2 MB variant runs by default.
void load_many(std::size_t megabytes) {
  TempDir dir;
  std::string text;
  std::size_t count = 0;
  while (text.size() < megabytes * 1024 * 1024)
    text += jobwarden::testing::sample_job_document(count++);
  auto path = dir.write("many.yaml", text);
  text.clear();
  text.shrink_to_fit();

  auto start = std::chrono::steady_clock::now();
  auto read = jobwarden::core::read_source(path);
  REQUIRE_FALSE(read.error);
  std::size_t seen = 0;
  std::size_t last_index = 0;
  bool names_ok = true;
  auto error =
      jobwarden::core::parse_documents(read.file, [&](std::shared_ptr<const Document> doc) {
        names_ok = names_ok && doc->value["metadata"]["name"] == "job-" + std::to_string(seen);
        last_index = doc->index;
        ++seen;
      });
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  REQUIRE_FALSE(error);
  CHECK(seen == count);
  CHECK(last_index == count - 1);
  CHECK(names_ok);
  WARN("loaded " << count << " documents (" << read.file->text.size() << " bytes) in " << seconds
                 << " s");
}

}  // namespace

TEST_CASE("loader: 2 MB of Job documents", "[loader]") {
  load_many(2);
}

TEST_CASE("loader: 50 MB of Job documents", "[loader][.slow]") {
  load_many(50);
}
