// Acceptance tests of the rule catalogue as a whole (issue 3): the Kubernetes round-trip fuzz
// fixtures, manifests the API server accepts (examples/good, Kubernetes documentation examples),
// raw-file vs defaulted-object agreement, plus the pieces the version and CronJob schedule rules
// are built from, and the opt-in CronJob fixes.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "rules/core/json_pointer.hpp"
#include "rules/core/loader.hpp"
#include "rules/core/registry.hpp"
#include "rules/engine/config.hpp"
#include "rules/engine/engine.hpp"
#include "rules/k8s/defaults.hpp"
#include "rules/k8s/feature_versions.hpp"
#include "rules/k8s/schedule_period.hpp"
#include "tests/support/rule_fixtures.hpp"

namespace {

namespace fs = std::filesystem;
using jobwarden::testing::checked_manifests_in;
using jobwarden::testing::folder_config;
using jobwarden::testing::read_file;
using nlohmann::json;
using namespace jobwarden::core;

fs::path source_dir() {
  return fs::path(JOBWARDEN_SOURCE_DIR);
}

std::vector<fs::path> yaml_files(const fs::path& dir) {
  std::vector<fs::path> out;
  if (!fs::is_directory(dir)) return out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const auto ext = entry.path().extension();
    if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml")) out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

Report run_file(const Config& config, const fs::path& path) {
  Engine engine(config);
  Report report;
  engine.check_file(source_from_text(path.string(), read_file(path)), report);
  report.sort();
  return report;
}

std::string describe(const Report& report) {
  std::string out;
  for (const auto& error : report.errors) out += "load error: " + error.display() + "\n";
  for (const auto& f : report.findings) {
    out += f.file + ":" + std::to_string(f.pos.line) + ":" + std::to_string(f.pos.col) + " " +
           std::string(to_string(f.severity)) + " " + f.rule_id + " " + f.pointer + " " +
           f.message + "\n";
  }
  return out;
}

Config config_with_version(KubeVersion version) {
  Config config;
  config.kube_version = version;
  return config;
}

using RulePointer = std::pair<std::string, std::string>;

std::string show(const std::set<RulePointer>& set) {
  std::string out;
  for (const auto& [rule, pointer] : set) out += "  " + rule + " " + pointer + "\n";
  return out;
}

// Rules written before this test whose "missing field" finding points at the parent in the file
// but at the defaulted field in the webhook view (same verdict, different pointer). Reported to
// the lead instead of being changed here; for them only the rule ids are compared.
const std::set<std::string> kPointerMayDiffer = {
    "job-missing-backoff-limit", "job-parallelism-unset", "job-restart-policy-always"};

}  // namespace

TEST_CASE("catalogue: Kubernetes round-trip fuzz fixtures load and every pointer resolves",
          "[rules][catalogue]") {
  for (const char* name : {"batch.v1.Job.json", "batch.v1.CronJob.json"}) {
    const fs::path path = source_dir() / "tests" / "data" / "kubernetes" / name;
    REQUIRE(fs::is_regular_file(path));
    std::vector<json> objects;
    auto error = parse_documents(
        source_from_text(path.string(), read_file(path)),
        [&](std::shared_ptr<const Document> document) { objects.push_back(document->value); });
    REQUIRE_FALSE(error.has_value());
    REQUIRE(objects.size() == 1);
    const json& object = objects[0];
    for (const KubeVersion version : {KubeVersion{1, 11}, KubeVersion{1, 20}, KubeVersion{1, 24},
                                      KubeVersion{1, 28}, KubeVersion{1, 35}, KubeVersion{1, 37}}) {
      DYNAMIC_SECTION(name << " at " << version.display()) {
        Report report;
        REQUIRE_NOTHROW(run_file(config_with_version(version), path));
        report = run_file(config_with_version(version), path);
        INFO(describe(report));
        CHECK(report.errors.empty());
        CHECK(report.objects_checked == 1);
        CHECK_FALSE(report.findings.empty());
        for (const auto& finding : report.findings) {
          INFO(finding.rule_id << " " << finding.pointer);
          CHECK(find_at(object, finding.pointer) != nullptr);
          CHECK(finding.pos.known());
        }
      }
    }
  }
}

TEST_CASE("catalogue: the fuzz fixtures exercise the version rules", "[rules][catalogue]") {
  // The Job fixture sets every version-dependent field; at 1.24 most do not exist yet.
  const fs::path path = source_dir() / "tests" / "data" / "kubernetes" / "batch.v1.Job.json";
  const Report report = run_file(config_with_version({1, 24}), path);
  std::set<std::string> unsupported;
  for (const auto& f : report.findings) {
    if (f.rule_id == "job-field-unsupported-in-version") unsupported.insert(f.pointer);
  }
  INFO(describe(report));
  CHECK(unsupported == std::set<std::string>{"/spec/backoffLimitPerIndex", "/spec/managedBy",
                                             "/spec/maxFailedIndexes", "/spec/podFailurePolicy",
                                             "/spec/podReplacementPolicy", "/spec/scheduling",
                                             "/spec/successPolicy"});
}

TEST_CASE("catalogue: no error-severity finding on manifests the API server accepts",
          "[rules][catalogue]") {
  std::vector<fs::path> files = yaml_files(source_dir() / "examples" / "good");
  const auto docs = yaml_files(source_dir() / "tests" / "data" / "docs-examples");
  REQUIRE(files.size() >= 5);
  REQUIRE(docs.size() >= 4);
  files.insert(files.end(), docs.begin(), docs.end());
  const Config config;  // default target, default severities
  for (const auto& path : files) {
    DYNAMIC_SECTION(path.parent_path().filename().string() << "/" << path.filename().string()) {
      const Report report = run_file(config, path);
      INFO(describe(report));
      REQUIRE(report.errors.empty());
      CHECK(report.objects_checked >= 1);
      CHECK(report.count_at_least(Severity::error) == 0);
    }
  }
}

// The releases around the default target (issue 15's acceptance: "examples/good and the
// Kubernetes documentation examples stay free of errors and warnings at 1.35, 1.36 and 1.37").
// examples/good has no error and no warning at any of them. The documentation examples never set
// a TTL, a deadline or resources, so they do get best-practice warnings; for them "stay free"
// means: no error, and exactly the warnings they had before issue 15
// (docs-examples/expected-warnings.txt), so no new warning appeared.
TEST_CASE("catalogue: examples stay clean at Kubernetes 1.35, 1.36 and 1.37",
          "[rules][catalogue]") {
  using Warnings = std::vector<std::string>;  // "rule pointer", in report order
  std::map<std::string, Warnings> docs_warnings;
  {
    std::istringstream lines(
        read_file(source_dir() / "tests" / "data" / "docs-examples" / "expected-warnings.txt"));
    std::string file;
    std::string rule;
    std::string pointer;
    for (std::string line; std::getline(lines, line);) {
      if (line.empty() || line[0] == '#') continue;
      std::istringstream(line) >> file >> rule >> pointer;
      docs_warnings[file].push_back(rule + " " + pointer);
    }
  }
  const auto good = yaml_files(source_dir() / "examples" / "good");
  const auto docs = yaml_files(source_dir() / "tests" / "data" / "docs-examples");
  REQUIRE(good.size() >= 5);
  REQUIRE(docs.size() == docs_warnings.size());
  for (const KubeVersion version : {KubeVersion{1, 35}, KubeVersion{1, 36}, KubeVersion{1, 37}}) {
    const Config config = config_with_version(version);
    for (const auto& path : good) {
      DYNAMIC_SECTION("examples/good/" << path.filename().string() << " at " << version.display()) {
        const Report report = run_file(config, path);
        INFO(describe(report));
        REQUIRE(report.errors.empty());
        CHECK(report.objects_checked >= 1);
        CHECK(report.count_at_least(Severity::warning) == 0);
      }
    }
    for (const auto& path : docs) {
      DYNAMIC_SECTION("docs-examples/" << path.filename().string() << " at " << version.display()) {
        const Report report = run_file(config, path);
        INFO(describe(report));
        REQUIRE(report.errors.empty());
        CHECK(report.count_at_least(Severity::error) == 0);
        Warnings warnings;
        for (const auto& finding : report.findings) {
          if (finding.severity == Severity::warning) {
            warnings.push_back(finding.rule_id + " " + finding.pointer);
          }
        }
        REQUIRE(docs_warnings.count(path.filename().string()) == 1);
        CHECK(warnings == docs_warnings.at(path.filename().string()));
      }
    }
  }
}

TEST_CASE("catalogue: documentation examples get the expected advice", "[rules][catalogue]") {
  const fs::path dir = source_dir() / "tests" / "data" / "docs-examples";
  const Config config;
  const auto ids = [&](const char* name) {
    std::multiset<std::string> out;
    for (const auto& f : run_file(config, dir / name).findings) out.insert(f.rule_id);
    return out;
  };
  // The pi Job: no podFailurePolicy; the CronJob hello: every CronJob best practice applies,
  // and its every-minute schedule is exactly where overlapping runs hurt.
  CHECK(ids("pi-job.yaml").count("job-missing-pod-failure-policy") == 1);
  CHECK(ids("pod-failure-policy-job.yaml").count("job-missing-pod-failure-policy") == 0);
  const auto hello = ids("cronjob-hello.yaml");
  for (const char* rule : {"cronjob-concurrency-policy-allow", "cronjob-missing-starting-deadline",
                           "cronjob-missing-time-zone", "job-restart-policy-on-failure"}) {
    INFO(rule);
    CHECK(hello.count(rule) == 1);
  }
  CHECK(hello.count("cronjob-missing-history-limits") == 2);
  // Untagged images in the indexed example: the init container and the worker.
  CHECK(ids("indexed-job.yaml").count("job-image-latest-tag") == 2);
  CHECK(ids("backoff-limit-per-index-job.yaml").count("job-backoff-limit-too-high") == 0);
}

TEST_CASE("catalogue: raw file and defaulted object give the same (rule, pointer) findings",
          "[rules][catalogue]") {
  const fs::path root = source_dir() / "tests" / "rules";
  std::vector<fs::path> dirs;
  for (const auto& entry : fs::directory_iterator(root)) {
    if (entry.is_directory()) dirs.push_back(entry.path());
  }
  std::sort(dirs.begin(), dirs.end());
  REQUIRE_FALSE(dirs.empty());
  for (const auto& dir : dirs) {
    const Config config = folder_config(dir);
    const Engine engine(config);
    for (const auto& path : yaml_files(dir)) {
      const std::string name = path.filename().string();
      if (name == "config.yaml" || name.find(".fixed.") != std::string::npos) continue;
      if (name.rfind("bad", 0) != 0 && name != "good.yaml") continue;
      DYNAMIC_SECTION(dir.filename().string() << "/" << name) {
        for (const Manifest& manifest : checked_manifests_in(path)) {
          if (!manifest.is_job()) continue;
          std::vector<Finding> raw;
          std::vector<Finding> defaulted;
          engine.check(manifest, raw);
          engine.check(Manifest::from_object(jobwarden::k8s::apply_defaults(manifest.object())),
                       defaulted);
          std::set<RulePointer> raw_set;
          std::set<RulePointer> defaulted_set;
          std::multiset<std::string> raw_loose;
          std::multiset<std::string> defaulted_loose;
          for (const auto& f : raw) {
            if (kPointerMayDiffer.count(f.rule_id) > 0) {
              raw_loose.insert(f.rule_id);
            } else {
              raw_set.emplace(f.rule_id, f.pointer);
            }
          }
          for (const auto& f : defaulted) {
            if (kPointerMayDiffer.count(f.rule_id) > 0) {
              defaulted_loose.insert(f.rule_id);
            } else {
              defaulted_set.emplace(f.rule_id, f.pointer);
            }
          }
          INFO(manifest.ref().display() << "\nfrom the file:\n"
                                        << show(raw_set) << "from the defaulted object:\n"
                                        << show(defaulted_set));
          CHECK(raw_set == defaulted_set);
          CHECK(raw_loose == defaulted_loose);
        }
      }
    }
  }
}

TEST_CASE("catalogue: schedule periods", "[rules][catalogue]") {
  using jobwarden::k8s::min_schedule_period_seconds;
  CHECK(min_schedule_period_seconds("* * * * *") == 60);
  CHECK(min_schedule_period_seconds("*/15 * * * *") == 900);
  CHECK(min_schedule_period_seconds("0 * * * *") == 3600);
  CHECK(min_schedule_period_seconds("5,50 * * * *") == 900);  // 50 -> 5 of the next hour
  CHECK(min_schedule_period_seconds("30 2 * * *") == 86400);
  CHECK(min_schedule_period_seconds("0 9-17 * * *") == 3600);
  CHECK(min_schedule_period_seconds("*/20 9-17 * * *") == 1200);
  CHECK(min_schedule_period_seconds("0 9 * * MON-FRI") == 86400);
  CHECK(min_schedule_period_seconds("0 9 * * 1,4") == 3 * 86400);
  CHECK(min_schedule_period_seconds("0 0 * * 0") == 7 * 86400);
  CHECK(min_schedule_period_seconds("0 0 1 * *") == 28 * 86400);
  CHECK(min_schedule_period_seconds("0 0 1 1 *") == 365 * 86400);
  CHECK(min_schedule_period_seconds("0 0 1 * mon") == 86400);   // 1st OR Monday
  CHECK(min_schedule_period_seconds("0 0 */2 * *") == 86400);   // 31st -> 1st
  CHECK(min_schedule_period_seconds("0 0 1/10 * *") == 86400);  // 1,11,21,31: 31 -> 1
  CHECK(min_schedule_period_seconds("0 0 ? * *") == 86400);
  CHECK(min_schedule_period_seconds("@hourly") == 3600);
  CHECK(min_schedule_period_seconds("@daily") == 86400);
  CHECK(min_schedule_period_seconds("@midnight") == 86400);
  CHECK(min_schedule_period_seconds("@weekly") == 7 * 86400);
  CHECK(min_schedule_period_seconds("@monthly") == 28 * 86400);
  CHECK(min_schedule_period_seconds("@yearly") == 365 * 86400);
  CHECK(min_schedule_period_seconds("@every 90s") == 90);
  CHECK(min_schedule_period_seconds("@every 1h30m") == 5400);
  // Not understood (or rejected by the API server): no period, so the rules stay quiet.
  CHECK_FALSE(min_schedule_period_seconds("").has_value());
  CHECK_FALSE(min_schedule_period_seconds("0 0 30 2 *").has_value());   // never runs
  CHECK_FALSE(min_schedule_period_seconds("0 0 * * * *").has_value());  // 6 fields
  CHECK_FALSE(min_schedule_period_seconds("TZ=UTC 0 0 * * *").has_value());
  CHECK_FALSE(min_schedule_period_seconds("CRON_TZ=UTC 0 0 * * *").has_value());
  CHECK_FALSE(min_schedule_period_seconds("60 * * * *").has_value());
  CHECK_FALSE(min_schedule_period_seconds("0 0 * * 7").has_value());  // robfig: 0-6 only
  CHECK_FALSE(min_schedule_period_seconds("5-1 * * * *").has_value());
  CHECK(min_schedule_period_seconds("@every 1.5h") == 5400);  // a Go duration, as robfig reads it
  CHECK_FALSE(min_schedule_period_seconds("@fortnightly").has_value());

  using jobwarden::k8s::human_duration;
  CHECK(human_duration(90) == "1m30s");
  CHECK(human_duration(86400) == "1d");
  CHECK(human_duration(5400) == "1h30m");
  CHECK(human_duration(0) == "0s");
}

TEST_CASE("catalogue: version messages name the field, the version and the target",
          "[rules][catalogue]") {
  const auto message_at = [](const std::string& yaml, KubeVersion version) {
    Engine engine(config_with_version(version));
    Report report;
    engine.check_file(source_from_text("v.yaml", yaml), report);
    std::vector<std::string> out;
    for (const auto& f : report.findings) {
      if (f.rule_id.rfind("job-field-", 0) == 0) {
        out.push_back(f.rule_id + " " + f.pointer + ": " + f.message);
      }
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  const std::string pfp =
      "apiVersion: batch/v1\nkind: Job\nmetadata: {name: a}\nspec:\n"
      "  podFailurePolicy:\n    rules: [{action: Ignore, onPodConditions: [{type: X}]}]\n"
      "  template:\n    spec:\n      restartPolicy: Never\n"
      "      containers: [{name: a, image: 'busybox:1.36'}]\n";
  CHECK(message_at(pfp, {1, 25}) ==
        std::vector<std::string>{
            "job-field-alpha-in-version /spec/podFailurePolicy: podFailurePolicy needs "
            "Kubernetes 1.26 (beta) or later; the target is 1.25, where it is alpha behind the "
            "JobPodFailurePolicy feature gate (off by default)"});
  CHECK(message_at(pfp, {1, 24}) ==
        std::vector<std::string>{
            "job-field-unsupported-in-version /spec/podFailurePolicy: podFailurePolicy needs "
            "Kubernetes 1.26 (beta) or later; the target is 1.24, which does not have it"});
  CHECK(message_at(pfp, {1, 30}) ==
        std::vector<std::string>{
            "job-field-beta-in-version /spec/podFailurePolicy: podFailurePolicy is beta in "
            "Kubernetes 1.30, the target (GA in 1.31): on by default, but it may still change"});
  CHECK(message_at(pfp, {1, 31}).empty());
  CHECK(message_at(pfp, kDefaultKubeVersion).empty());

  const std::string cron =
      "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n"
      "  schedule: '@daily'\n  jobTemplate:\n    spec:\n      ttlSecondsAfterFinished: 86400\n"
      "      template:\n        spec:\n          restartPolicy: Never\n"
      "          containers: [{name: a, image: 'busybox:1.36'}]\n";
  CHECK(message_at(cron, {1, 20}) ==
        std::vector<std::string>{
            "job-field-alpha-in-version /spec/jobTemplate/spec/ttlSecondsAfterFinished: "
            "ttlSecondsAfterFinished needs Kubernetes 1.21 (beta) or later; the target is 1.20, "
            "where it is alpha behind the TTLAfterFinished feature gate (off by default)",
            "job-field-unsupported-in-version /apiVersion: CronJob batch/v1 needs Kubernetes "
            "1.21 or later; the target is 1.20, which does not have it"});
  CHECK(message_at(cron, {1, 21}) ==
        std::vector<std::string>{
            "job-field-beta-in-version /spec/jobTemplate/spec/ttlSecondsAfterFinished: "
            "ttlSecondsAfterFinished is beta in Kubernetes 1.21, the target (GA in 1.23): on "
            "by default, but it may still change"});
  CHECK(message_at(cron, {1, 11}).size() == 2);
  CHECK(message_at(cron, {1, 23}).empty());

  const std::string scheduling =
      "apiVersion: batch/v1\nkind: Job\nmetadata: {name: a}\nspec:\n"
      "  scheduling: {schedulingPolicy: {gang: {minCount: 2}}}\n"
      "  template:\n    spec:\n      restartPolicy: Never\n"
      "      containers: [{name: a, image: 'busybox:1.36'}]\n";
  CHECK(message_at(scheduling, {1, 37}) ==
        std::vector<std::string>{
            "job-field-alpha-in-version /spec/scheduling: scheduling is alpha in Kubernetes "
            "1.37, the target, behind the WorkloadWithJob feature gate (off by default): "
            "unless the cluster enables it, the API server drops the field"});
  CHECK(message_at(scheduling, {1, 36}) ==
        std::vector<std::string>{
            "job-field-unsupported-in-version /spec/scheduling: scheduling is an unknown field "
            "in Kubernetes 1.36, the target (it is alpha from 1.37, feature gate "
            "WorkloadWithJob): kubectl rejects it (strict decoding error) and the API server "
            "drops it"});

  // Defaulted values are not uses: a Job the API server defaulted is as quiet as its file.
  const json defaulted = jobwarden::k8s::apply_defaults(json::parse(
      R"({"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"a"},"spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"a","image":"busybox:1.36"}]}}}})"));
  CHECK(jobwarden::k8s::feature_uses(defaulted).empty());
}

TEST_CASE("catalogue: opt-in CronJob fixes", "[rules][catalogue]") {
  const std::string text =
      "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n"
      "  schedule: '0 2 * * *'\n  jobTemplate:\n    spec:\n"
      "      template:\n        spec:\n          restartPolicy: Never\n"
      "          containers: [{name: a, image: 'busybox:1.36'}]\n";
  const auto object_of = [](const std::string& yaml) {
    json out;
    auto error = parse_documents(source_from_text("c.yaml", yaml),
                                 [&](std::shared_ptr<const Document> d) { out = d->value; });
    REQUIRE_FALSE(error.has_value());
    return out;
  };
  const json raw = object_of(text);
  const auto findings_for = [](const Config& config, const json& object, const std::string& id) {
    std::vector<Finding> all;
    Engine(config).check(Manifest::from_object(object), all);
    std::vector<Finding> out;
    for (auto& f : all) {
      if (f.rule_id == id) out.push_back(std::move(f));
    }
    return out;
  };

  SECTION("off by default: findings carry no fix") {
    const Config config;
    for (const char* id : {"cronjob-concurrency-policy-allow", "cronjob-missing-history-limits"}) {
      const auto findings = findings_for(config, raw, id);
      REQUIRE_FALSE(findings.empty());
      for (const auto& f : findings) CHECK(f.fix.is_null());
    }
  }

  SECTION("concurrencyPolicy: Forbid, in the file and in the webhook view") {
    Config config;
    config.rules["cronjob-concurrency-policy-allow"].options = {{"fix", true}};
    for (const json& object : {raw, jobwarden::k8s::apply_defaults(raw)}) {
      const auto findings = findings_for(config, object, "cronjob-concurrency-policy-allow");
      REQUIRE(findings.size() == 1);
      CHECK(findings[0].fix ==
            json::parse(R"([{"op":"add","path":"/spec/concurrencyPolicy","value":"Forbid"}])"));
      const json fixed = apply_fixes(object, findings);
      CHECK(fixed["spec"]["concurrencyPolicy"] == "Forbid");
      CHECK(findings_for(config, fixed, "cronjob-concurrency-policy-allow").empty());
    }
  }

  SECTION("history limits: the Kubernetes defaults written explicitly, only where missing") {
    Config config;
    config.rules["cronjob-missing-history-limits"].options = {{"fix", true}};
    const auto findings = findings_for(config, raw, "cronjob-missing-history-limits");
    REQUIRE(findings.size() == 2);
    const json fixed = apply_fixes(raw, findings);
    CHECK(fixed["spec"]["successfulJobsHistoryLimit"] == 3);
    CHECK(fixed["spec"]["failedJobsHistoryLimit"] == 1);
    // Still the default values, so still reported, but nothing left to fix (idempotent).
    const auto after = findings_for(config, fixed, "cronjob-missing-history-limits");
    REQUIRE(after.size() == 2);
    for (const auto& f : after) CHECK(f.fix.is_null());
    // The webhook sees 3/1 already: no patch, and the same object as the fixed file.
    const json admitted = jobwarden::k8s::apply_defaults(raw);
    for (const auto& f : findings_for(config, admitted, "cronjob-missing-history-limits")) {
      CHECK(f.fix.is_null());
    }
    CHECK(jobwarden::k8s::apply_defaults(fixed) == admitted);
  }

  SECTION("history limits: values from the options") {
    Config config;
    config.rules["cronjob-missing-history-limits"].options = {
        {"fix", true}, {"successful", 1}, {"failed", 5}};
    for (const json& object : {raw, jobwarden::k8s::apply_defaults(raw)}) {
      const auto findings = findings_for(config, object, "cronjob-missing-history-limits");
      REQUIRE(findings.size() == 2);
      const json fixed = apply_fixes(object, findings);
      CHECK(fixed["spec"]["successfulJobsHistoryLimit"] == 1);
      CHECK(fixed["spec"]["failedJobsHistoryLimit"] == 5);
      CHECK(findings_for(config, fixed, "cronjob-missing-history-limits").empty());
    }
  }
}
