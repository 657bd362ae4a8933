#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rules/core/loader.hpp"

// Runs the loader over an in-memory text and keeps every document and the error, if any.
namespace jobwarden::testing {

struct Parsed {
  std::vector<std::shared_ptr<const core::Document>> docs;
  std::optional<core::LoadError> error;
};

inline Parsed parse_text(std::string text, std::string path = "test.yaml",
                         const core::LoadLimits& limits = {}) {
  auto file = core::source_from_text(std::move(path), std::move(text));
  Parsed out;
  out.error = core::parse_documents(
      file, [&](std::shared_ptr<const core::Document> doc) { out.docs.push_back(std::move(doc)); },
      limits);
  return out;
}

}  // namespace jobwarden::testing
