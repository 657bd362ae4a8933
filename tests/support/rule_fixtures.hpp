#pragma once

#include <algorithm>
#include <filesystem>
#include <memory>
#include <vector>

#include <catch2/catch.hpp>

#include "rules/core/loader.hpp"
#include "rules/core/manifest.hpp"
#include "rules/engine/config.hpp"
#include "rules/engine/engine.hpp"
#include "tests/support/scratch.hpp"

// Reading the rule fixture folders (tests/rules/<rule-id>/): their manifests and their config.
namespace jobwarden::testing {

// Every Job/CronJob object of a fixture file (List items included).
inline std::vector<core::Manifest> checked_manifests_in(const std::filesystem::path& path) {
  std::vector<core::Manifest> out;
  auto error = core::parse_documents(core::source_from_text(path.string(), read_file(path)),
                                     [&](std::shared_ptr<const core::Document> document) {
                                       for (auto& manifest : core::manifests_of(document)) {
                                         if (core::Engine::is_checked_kind(manifest.object()))
                                           out.push_back(std::move(manifest));
                                       }
                                     });
  REQUIRE_FALSE(error.has_value());
  return out;
}

// Every .yaml file under `dir`, recursively, in path order; the folders' config.yaml excepted.
inline std::vector<std::filesystem::path> manifest_files(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".yaml" &&
        entry.path().filename() != "config.yaml") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The folder's config.yaml, or the defaults when it has none.
inline core::Config folder_config(const std::filesystem::path& dir) {
  const std::filesystem::path path = dir / "config.yaml";
  if (!std::filesystem::exists(path)) return core::Config{};
  core::ConfigResult result = core::load_config_file(path.string());
  INFO("config: " << (result.error ? result.error->display() : std::string("ok")));
  REQUIRE_FALSE(result.error.has_value());
  return result.config;
}

}  // namespace jobwarden::testing
