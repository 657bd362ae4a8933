// libFuzzer target: `lint --fix` text edits. Property: the fixed text parses back to exactly the
// fixed objects (core::fixed_object of each original document).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "rules/core/loader.hpp"
#include "rules/core/manifest.hpp"
#include "rules/engine/engine.hpp"
#include "rules/engine/fixer.hpp"

namespace {

using namespace jobwarden::core;

std::vector<std::shared_ptr<const Document>> documents_of(const std::string& text, bool& ok) {
  std::vector<std::shared_ptr<const Document>> out;
  auto file = source_from_text("fuzz.yaml", text);
  LoadLimits limits;
  limits.max_alias_nodes = 100'000;
  ok = !parse_documents(
      file, [&](std::shared_ptr<const Document> d) { out.push_back(d); }, limits);
  return out;
}

// The fixed value of one document: its items fixed one by one for a List.
nlohmann::json expected_value(const Engine& engine, const std::shared_ptr<const Document>& doc) {
  const nlohmann::json& value = doc->value;
  // value("kind", "") would throw on `kind: null`: compare the member itself.
  if (value.is_object() && value.contains("kind") && value["kind"] == "List" &&
      value.contains("items") && value["items"].is_array()) {
    nlohmann::json out = value;
    for (std::size_t i = 0; i < value["items"].size(); ++i) {
      out["items"][i] = fixed_object(engine, Manifest(doc, "/items/" + std::to_string(i)));
    }
    return out;
  }
  return fixed_object(engine, Manifest(doc, ""));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Engine engine{Config{}};
  const std::string text(reinterpret_cast<const char*>(data), size);
  bool ok = false;
  const auto originals = documents_of(text, ok);
  if (!ok) return 0;
  LoadLimits limits;
  limits.max_alias_nodes = 100'000;
  FileFix fix = fix_source(source_from_text("fuzz.yaml", text), engine, limits);
  if (fix.error) return 0;
  bool fixed_ok = false;
  const auto fixed = documents_of(fix.text, fixed_ok);
  if (!fixed_ok || fixed.size() != originals.size()) __builtin_trap();
  for (std::size_t i = 0; i < originals.size(); ++i) {
    if (fixed[i]->value != expected_value(engine, originals[i])) __builtin_trap();
  }
  return 0;
}
