// Per-rule cost table for scripts/bench.sh (CMake target rule_bench, built on demand).
//   rule_bench PATH...   (files or directories of *.yaml, e.g. the generated corpus)
// Loads every document once, then times, over every Job/CronJob manifest (each read through
// once, untimed, right before, as lint checks a document fresh from the parser): the whole
// Engine::check (the reference: 100%), the API-server defaulting step, and each rule's check on
// its own, run as the engine runs it (on the object as written or defaulted, with the declared
// options). Prints one row per rule, slowest first, with its share of the engine's time: the
// median over seven rounds, and the range.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <optional>
#include <span>
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

constexpr int kRounds = 7;

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
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

  if (manifests.empty()) {
    std::cerr << "rule_bench: no Job or CronJob manifests in the given paths\n";
    return 2;
  }
  const jobwarden::core::Engine engine{jobwarden::core::Config{}};
  const auto& rules = jobwarden::core::Registry::instance().rules();
  struct Row {
    std::string id;
    std::vector<double> seconds;  // per round
    std::vector<double> shares;   // per round, of the engine's time
    std::size_t violations = 0;   // in one round
  };
  std::vector<Row> rows(rules.size());
  std::vector<nlohmann::json> options(rules.size(), nlohmann::json::object());
  for (std::size_t r = 0; r < rules.size(); ++r) {
    rows[r].id = rules[r].info.id;
    options[r] = jobwarden::core::merged_options(rules[r].info, nullptr);  // as the engine
  }
  const auto kube = engine.config().kube_version;
  std::size_t findings = 0;
  std::size_t warmed = 0;
  std::vector<double> engine_s;
  std::vector<double> defaults_s;

  // One pass takes tens of milliseconds, where this machine's noise moves a rule's share by a
  // tenth of itself: the passes run in rounds, each the reference then the steps, and every row
  // reports its median share.
  for (int round = 0; round < kRounds; ++round) {
    double engine_round = 0;
    findings = 0;
    for (const auto& manifest : manifests) {
      warmed += warm(manifest.object());
      std::vector<jobwarden::core::Finding> out;
      const auto start = Clock::now();
      engine.check(manifest, out);
      engine_round += seconds_since(start);
      findings += out.size();
    }
    engine_s.push_back(engine_round);

    // The engine's loop, timed step by step: per manifest, the defaulting, then every rule on
    // the same (cache-warm) object, so the shares add up like the engine's time does.
    for (auto& row : rows) {
      row.seconds.push_back(0);
      row.violations = 0;
    }
    double defaults_round = 0;
    const auto time_rule = [&](std::size_t r, const Manifest& manifest,
                               std::span<const jobwarden::core::DefaultedMember> members) {
      if (!rules[r].applies_to(manifest.ref().kind)) return;
      CountingReporter reporter;
      const auto step = Clock::now();
      // The manifest's object: defaulted in place while `members` lists what was written.
      jobwarden::core::CheckContext context(manifest.object(), members, options[r], kube);
      rules[r].check(context, reporter);
      rows[r].seconds.back() += seconds_since(step);
      rows[r].violations += reporter.violations;
    };
    for (const auto& manifest : manifests) {
      warmed += warm(manifest.object());
      // As the engine runs them: the rules about the object as written first, before defaulting.
      for (std::size_t r = 0; r < rules.size(); ++r) {
        if (rules[r].info.as_written) time_rule(r, manifest, {});
      }
      auto step = Clock::now();
      // As the engine defaults: in place, undone (and timed) after the rules.
      std::optional<jobwarden::k8s::ScopedDefaults> defaults;
      defaults.emplace(const_cast<nlohmann::json&>(manifest.object()));
      defaults_round += seconds_since(step);
      for (std::size_t r = 0; r < rules.size(); ++r) {
        if (!rules[r].info.as_written) time_rule(r, manifest, defaults->members());
      }
      step = Clock::now();
      defaults.reset();
      defaults_round += seconds_since(step);
    }
    defaults_s.push_back(defaults_round);
  }

  std::vector<double> rules_s(kRounds, 0);
  for (auto& row : rows) {
    for (int round = 0; round < kRounds; ++round) {
      row.shares.push_back(row.seconds[round] / engine_s[round]);
      rules_s[round] += row.seconds[round];
    }
  }
  std::vector<double> defaults_share;
  std::vector<double> rules_share;
  for (int round = 0; round < kRounds; ++round) {
    defaults_share.push_back(defaults_s[round] / engine_s[round]);
    rules_share.push_back(rules_s[round] / engine_s[round]);
  }
  std::sort(rows.begin(), rows.end(),
            [](const Row& a, const Row& b) { return median(a.shares) > median(b.shares); });
  const double engine_median = median(engine_s);

  std::printf(
      "%zu manifests; Engine::check %.3f s in all (%.2f us each, median of %d rounds), "
      "%zu findings\n",
      manifests.size(), engine_median, 1e6 * engine_median / double(manifests.size()), kRounds,
      findings);
  std::printf("%-48s %10s %8s %15s %10s\n", "step / rule", "ms", "% engine", "(min - max)",
              "violations");
  const auto print = [&](const char* name, const std::vector<double>& seconds,
                         const std::vector<double>& shares, const std::string& violations) {
    std::printf("%-48s %10.1f %8.2f %6.2f - %6.2f %10s\n", name, 1e3 * median(seconds),
                100 * median(shares), 100 * *std::min_element(shares.begin(), shares.end()),
                100 * *std::max_element(shares.begin(), shares.end()), violations.c_str());
  };
  print("(API-server defaulting)", defaults_s, defaults_share, "-");
  print("(all rules, summed)", rules_s, rules_share, "-");
  for (const auto& row : rows) {
    print(row.id.c_str(), row.seconds, row.shares, std::to_string(row.violations));
  }
  std::printf("(%zu nodes and key bytes read to warm the cache before each timed check)\n", warmed);
  std::printf("BENCH rule_max_share=%.2f rule_max_id=%s\n",
              rows.empty() ? 0.0 : 100 * median(rows.front().shares),
              rows.empty() ? "-" : rows.front().id.c_str());
  return 0;
}
