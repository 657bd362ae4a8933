// Per-rule cost table for scripts/bench.sh (CMake target rule_bench, built on demand).
//   rule_bench PATH...   (files or directories of *.yaml, e.g. the generated corpus)
// Loads every document once, then times, over every Job/CronJob manifest (each read through
// once, untimed, right before, as lint checks a document fresh from the parser): the whole
// Engine::check (the reference: 100%), the API-server defaulting step, and each rule's check on
// its own, run as the engine runs it (defaulted object, declared options). Prints one row per
// rule, slowest first, with its share of the engine's time.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "rules/core/loader.hpp"
#include "rules/core/manifest.hpp"
#include "rules/core/paths.hpp"
#include "rules/core/registry.hpp"
#include "rules/core/rule.hpp"
#include "rules/engine/engine.hpp"
#include "rules/engine/options.hpp"
#include "rules/k8s/defaults.hpp"

using jobwarden::core::Manifest;
using Clock = std::chrono::steady_clock;

namespace {

class CountingReporter final : public jobwarden::core::Reporter {
 public:
  using Reporter::report;
  void report(jobwarden::core::Violation) override { ++violations; }
  std::size_t violations = 0;
};

// Reads every node of `value`, untimed, before a timed step: in `jobwarden lint` a document is
// checked right after it is parsed, while it is in cache; here every document was loaded first,
// and without this the first rule to touch a tree would pay its cache misses.
std::size_t warm(const nlohmann::json& value) {
  std::size_t n = 1;
  if (value.is_object()) {
    for (const auto& [key, child] : value.items()) n += key.size() + warm(child);
  } else if (value.is_array()) {
    for (const auto& child : value) n += warm(child);
  }
  return n;
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: rule_bench PATH...\n";
    return 2;
  }
  // Directories as `jobwarden lint` expands them.
  std::vector<jobwarden::core::LoadError> errors;
  const auto files = jobwarden::core::expand_paths({argv + 1, argv + argc}, errors);
  for (const auto& error : errors) std::cerr << error.display() << "\n";

  std::vector<std::shared_ptr<const jobwarden::core::Document>> documents;
  for (const auto& path : files) {
    auto read = jobwarden::core::read_source(path);
    if (read.error) {
      std::cerr << read.error->display() << "\n";
      return 1;
    }
    auto error = jobwarden::core::parse_documents(
        read.file, [&](std::shared_ptr<const jobwarden::core::Document> d) {
          documents.push_back(std::move(d));
        });
    if (error) std::cerr << error->display() << "\n";
  }
  std::vector<Manifest> manifests;
  for (const auto& document : documents)
    for (auto& manifest : jobwarden::core::manifests_of(document))
      if (jobwarden::core::Engine::is_checked_kind(manifest.ref()))
        manifests.push_back(std::move(manifest));

  const jobwarden::core::Engine engine{jobwarden::core::Config{}};
  std::size_t findings = 0;
  std::size_t warmed = 0;
  double engine_s = 0;
  for (const auto& manifest : manifests) {
    warmed += warm(manifest.object());
    std::vector<jobwarden::core::Finding> out;
    const auto start = Clock::now();
    engine.check(manifest, out);
    engine_s += seconds_since(start);
    findings += out.size();
  }

  // The engine's loop, timed step by step: per manifest, the defaulting, then every rule on the
  // same (cache-warm) object, so the shares add up like the engine's time does.
  const auto& rules = jobwarden::core::Registry::instance().rules();
  struct Row {
    std::string id;
    double seconds = 0;
    std::size_t violations = 0;
  };
  std::vector<Row> rows(rules.size());
  std::vector<nlohmann::json> options(rules.size(), nlohmann::json::object());
  for (std::size_t r = 0; r < rules.size(); ++r) {
    rows[r].id = rules[r].info.id;
    options[r] = jobwarden::core::merged_options(rules[r].info, nullptr);  // as the engine
  }
  const auto kube = engine.config().kube_version;
  double defaults_s = 0;
  for (const auto& manifest : manifests) {
    warmed += warm(manifest.object());
    auto step = Clock::now();
    // As the engine defaults: in place, undone (and timed) after the rules.
    std::optional<jobwarden::k8s::ScopedDefaults> defaults;
    defaults.emplace(const_cast<nlohmann::json&>(manifest.object()));
    const nlohmann::json& defaulted = manifest.object();
    defaults_s += seconds_since(step);
    for (std::size_t r = 0; r < rules.size(); ++r) {
      if (!rules[r].applies_to(manifest.ref().kind)) continue;
      CountingReporter reporter;
      step = Clock::now();
      jobwarden::core::CheckContext context(defaulted, defaults->members(), options[r], kube);
      rules[r].check(context, reporter);
      rows[r].seconds += seconds_since(step);
      rows[r].violations += reporter.violations;
    }
    step = Clock::now();
    defaults.reset();
    defaults_s += seconds_since(step);
  }
  std::sort(rows.begin(), rows.end(),
            [](const Row& a, const Row& b) { return a.seconds > b.seconds; });
  double rules_s = 0;
  for (const auto& row : rows) rules_s += row.seconds;

  std::printf("%zu manifests; Engine::check %.3f s in all (%.2f us each), %zu findings\n",
              manifests.size(), engine_s, 1e6 * engine_s / double(manifests.size()), findings);
  std::printf("%-48s %10s %8s %10s\n", "step / rule", "ms", "% engine", "violations");
  std::printf("%-48s %10.1f %8.1f %10s\n", "(API-server defaulting)", 1e3 * defaults_s,
              100 * defaults_s / engine_s, "-");
  std::printf("%-48s %10.1f %8.1f %10s\n", "(all rules, summed)", 1e3 * rules_s,
              100 * rules_s / engine_s, "-");
  for (const auto& row : rows)
    std::printf("%-48s %10.1f %8.1f %10zu\n", row.id.c_str(), 1e3 * row.seconds,
                100 * row.seconds / engine_s, row.violations);
  std::printf("(%zu nodes and key bytes read to warm the cache before each timed check)\n", warmed);
  std::printf("BENCH rule_max_share=%.2f rule_max_id=%s\n",
              rows.empty() ? 0.0 : 100 * rows.front().seconds / engine_s,
              rows.empty() ? "-" : rows.front().id.c_str());
  return 0;
}
