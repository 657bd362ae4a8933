#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/cli.hpp"
#include "cli/format/format.hpp"
#include "rules/core/registry.hpp"
#include "tests/support/scratch.hpp"

namespace {

using nlohmann::json;

using CliResult = jobwarden::testing::CommandResult;

// Runs the CLI in-process from the source directory, so paths in the output are the short
// relative paths a user would type.
CliResult run_cli(std::vector<std::string> args, const std::string& stdin_text = "") {
  struct Cwd {
    std::filesystem::path saved = std::filesystem::current_path();
    Cwd() { std::filesystem::current_path(JOBWARDEN_SOURCE_DIR); }
    ~Cwd() { std::filesystem::current_path(saved); }
  } cwd;
  args.insert(args.begin(), "jobwarden");
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::istringstream in(stdin_text);
  std::ostringstream out;
  std::ostringstream err;
  CliResult result;
  result.code = jobwarden::cli::run(static_cast<int>(args.size()), argv.data(), in, out, err);
  result.out = out.str();
  result.err = err.str();
  return result;
}

const std::string kConfig = "--config=tests/cli/data/config.yaml";
const std::string kData = "tests/cli/data/";

// Runs the real binary through the shell: `cd DIR && [stdin |] jobwarden ARGS`.
CliResult run_binary(const std::string& dir, const std::string& args,
                     const std::string& stdin_file = "") {
  const auto run =
      jobwarden::testing::run_shell("cd '" + dir + "' && '" + std::string(JOBWARDEN_BINARY) + "' " +
                                    args + (stdin_file.empty() ? "" : " < '" + stdin_file + "'"));
  REQUIRE(run.code >= 0);
  return run;
}

const std::string kMultiText =
    "tests/cli/data/multi.yaml:7:1: error: completionMode is Indexed but completions is not "
    "set: the API server rejects the Job (completions is required when completion mode is "
    "Indexed) [job-indexed-without-completions]\n"
    "  hint: Set completions to the number of indexes.\n"
    "tests/cli/data/multi.yaml:9:3: warning: work-queue Job (parallelism 4, completions unset) "
    "without podFailurePolicy: the first worker to exit 0 ends the Job, and every non-zero exit "
    "is retried against one shared backoffLimit [job-work-queue-without-failure-policy]\n"
    "  hint: Add a podFailurePolicy that maps the workers' exit codes (FailJob for fatal ones) "
    "and ignores DisruptionTarget; document which exit code means \"queue empty\".\n"
    "tests/cli/data/multi.yaml:15:7: error: restartPolicy Always is not allowed in a Job pod "
    "template: the API server rejects the Job (valid values: OnFailure, Never) "
    "[job-restart-policy-always]\n"
    "  hint: Set restartPolicy: Never (or OnFailure to restart failed containers in place).\n"
    "tests/cli/data/multi.yaml:34:3: error: parallelism must be an integer, got string \"3\" "
    "[job-invalid-field-type]\n"
    "  hint: Write parallelism: 3 (without quotes).\n"
    "tests/cli/data/multi.yaml:42:11: error: container 0 has no name: the API server rejects "
    "the Job (every container needs a name) [job-container-missing-name]\n"
    "  hint: Give the container a name (a DNS-1123 label such as \"main\").\n"
    "4 errors, 1 warning, 0 info in 2 objects (1 file, 1 other object skipped)\n";

// The CronJob findings; `file` is how the input is named.
std::string cronjob_text(const std::string& file) {
  return file +
         ":13:5: warning: backoffLimit is not set: a failing Job is silently retried 6 times "
         "before it is marked failed [job-missing-backoff-limit]\n"
         "  hint: Set backoffLimit to the number of retries this workload can afford (the fix "
         "sets 3).\n" +
         file +
         ":17:11: warning: restartPolicy is OnFailure: failed containers are restarted in place, "
         "so their logs are lost and backoffLimit counts container restarts instead of failed "
         "pods [job-restart-policy-on-failure]\n"
         "  hint: Set restartPolicy: Never so each retry is a new pod and failed pods keep their "
         "logs.\n" +
         file +
         ":19:15: warning: container \"report\" has no resource requests or limits: the "
         "scheduler reserves no capacity for it and it can use unbounded CPU and memory "
         "[job-container-missing-resources]\n"
         "  hint: Set resources.requests (cpu, memory) and a memory limit.\n"
         "0 errors, 3 warnings, 0 info in 1 object (1 file)\n";
}

const std::string kWarningsText =
    "tests/cli/data/warnings.yaml:5:1: info: ttlSecondsAfterFinished is not set: the finished "
    "Job and its pods are never deleted and pile up [job-missing-ttl]\n"
    "  hint: Set ttlSecondsAfterFinished to how long a finished Job should be kept (the fix sets "
    "86400).\n"
    "tests/cli/data/warnings.yaml:10:7: warning: restartPolicy is OnFailure: failed containers "
    "are restarted in place, so their logs are lost and backoffLimit counts container restarts "
    "instead of failed pods [job-restart-policy-on-failure]\n"
    "  hint: Set restartPolicy: Never so each retry is a new pod and failed pods keep their "
    "logs.\n"
    "0 errors, 1 warning, 1 info in 1 object (1 file)\n";

}  // namespace

TEST_CASE("cli: version", "[cli]") {
  for (const char* command : {"version", "--version"}) {
    CliResult r = run_cli({command});
    CHECK(r.code == 0);
    CHECK(r.out == "jobwarden 0.1.0\n");
    CHECK(r.err.empty());
  }
}

TEST_CASE("cli: usage errors exit 2 with the usage on stderr", "[cli]") {
  CliResult none = run_cli({});
  CHECK(none.code == 2);
  CHECK(none.out.empty());
  CHECK(none.err.rfind("jobwarden: missing command\n\nUsage: jobwarden COMMAND [options]\n", 0) ==
        0);

  CliResult unknown = run_cli({"frobnicate"});
  CHECK(unknown.code == 2);
  CHECK(unknown.out.empty());
  CHECK(unknown.err.rfind("jobwarden: unknown command \"frobnicate\"\n\nUsage: jobwarden", 0) == 0);

  CliResult flag = run_cli({"lint", "--colour", "x.yaml"});
  CHECK(flag.code == 2);
  CHECK(flag.out.empty());
  CHECK(flag.err.rfind("jobwarden: unknown option \"--colour\"\n\nUsage: jobwarden lint [options] "
                       "PATH... | -\n",
                       0) == 0);

  CHECK(run_cli({"lint", "--format", "xml", "x.yaml"})
            .err.rfind(
                "jobwarden: invalid --format \"xml\" (expected text, json, sarif, github, junit or "
                "gitlab)\n",
                0) == 0);
  CHECK(
      run_cli({"lint", "--fail-on=sometimes", "x.yaml"})
          .err.rfind("jobwarden: invalid --fail-on \"sometimes\" (expected error, warning, info or "
                     "never)\n",
                     0) == 0);
  CHECK(run_cli({"lint", "--config"}).err.rfind("jobwarden: --config needs a file\n", 0) == 0);
  CHECK(run_cli({"lint"}).err.rfind(
            "jobwarden: no input: give files, directories, or - for stdin\n", 0) == 0);
  CHECK(run_cli({"rules", "--format=yaml"}).code == 2);
  CHECK(run_cli({"rules", "extra"}).code == 2);
  CHECK(run_cli({"explain"}).err.rfind("jobwarden: missing RULE-ID\n", 0) == 0);
  CHECK(run_cli({"explain", "a", "b"}).code == 2);
  CHECK(run_cli({"version", "now"}).code == 2);
}

TEST_CASE("cli: --help on every command exits 0", "[cli]") {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--help"}, "Usage: jobwarden COMMAND [options]\n"},
      {{"-h"}, "Usage: jobwarden COMMAND [options]\n"},
      {{"help"}, "Usage: jobwarden COMMAND [options]\n"},
      {{"help", "lint"}, "Usage: jobwarden lint [options] PATH... | -\n"},
      {{"lint", "--help"}, "Usage: jobwarden lint [options] PATH... | -\n"},
      {{"lint", "x.yaml", "-h"}, "Usage: jobwarden lint [options] PATH... | -\n"},
      {{"rules", "--help"}, "Usage: jobwarden rules [--format text|markdown|json]\n"},
      {{"explain", "-h"}, "Usage: jobwarden explain RULE-ID\n"},
      {{"version", "--help"}, "Usage: jobwarden version\n"},
  };
  for (const auto& [args, first_line] : cases) {
    CliResult r = run_cli(args);
    INFO(args.front());
    CHECK(r.code == 0);
    CHECK(r.err.empty());
    CHECK(r.out.rfind(first_line, 0) == 0);
  }
}

TEST_CASE("cli: lint a clean file exits 0", "[cli]") {
  CliResult r = run_cli({"lint", kConfig, kData + "clean.yaml"});
  CHECK(r.code == 0);
  CHECK(r.out == "no findings in 1 object (1 file)\n");
  CHECK(r.err.empty());
}

TEST_CASE("cli: --fail-on decides between exit 0 and 1", "[cli]") {
  CliResult by_default = run_cli({"lint", kConfig, kData + "warnings.yaml"});
  CHECK(by_default.code == 0);
  CHECK(by_default.out == kWarningsText);
  CHECK(by_default.err.empty());

  CHECK(run_cli({"lint", kConfig, "--fail-on", "warning", kData + "warnings.yaml"}).code == 1);
  CHECK(run_cli({"lint", kConfig, "--fail-on=info", kData + "warnings.yaml"}).code == 1);
  CHECK(run_cli({"lint", kConfig, "--fail-on", "error", kData + "warnings.yaml"}).code == 0);
  CHECK(run_cli({"lint", kConfig, "--fail-on", "never", kData + "multi.yaml"}).code == 0);
}

TEST_CASE("cli: text output of a multi-document file", "[cli]") {
  CliResult r = run_cli({"lint", kConfig, "--no-color", kData + "multi.yaml"});
  CHECK(r.code == 1);
  CHECK(r.out == kMultiText);
  CHECK(r.err.empty());
}

TEST_CASE("cli: JSON output of a multi-document file", "[cli]") {
  CliResult r = run_cli({"lint", kConfig, "--format", "json", kData + "multi.yaml"});
  CHECK(r.code == 1);
  CHECK(r.err.empty());
  auto finding = [](const char* rule, const char* severity, const std::string& message,
                    const std::string& hint, int line, int col, const char* pointer,
                    std::size_t document, const char* name, const char* ns, bool fixable) {
    return json{{"rule", rule},
                {"severity", severity},
                {"message", message},
                {"hint", hint},
                {"file", "tests/cli/data/multi.yaml"},
                {"line", line},
                {"col", col},
                {"pointer", pointer},
                {"document", document},
                {"object",
                 {{"apiVersion", "batch/v1"}, {"kind", "Job"}, {"namespace", ns}, {"name", name}}},
                {"fixable", fixable}};
  };
  json expected = {
      {"version", 1},
      {"findings",
       {finding("job-indexed-without-completions", "error",
                "completionMode is Indexed but completions is not set: the API server rejects "
                "the Job (completions is required when completion mode is Indexed)",
                "Set completions to the number of indexes.", 7, 1, "/spec", 0, "first", "batch",
                false),
        finding("job-work-queue-without-failure-policy", "warning",
                "work-queue Job (parallelism 4, completions unset) without podFailurePolicy: the "
                "first worker to exit 0 ends the Job, and every non-zero exit is retried against "
                "one shared backoffLimit",
                "Add a podFailurePolicy that maps the workers' exit codes (FailJob for fatal "
                "ones) and ignores DisruptionTarget; document which exit code means \"queue "
                "empty\".",
                9, 3, "/spec/parallelism", 0, "first", "batch", false),
        finding("job-restart-policy-always", "error",
                "restartPolicy Always is not allowed in a Job pod template: the API server "
                "rejects the Job (valid values: OnFailure, Never)",
                "Set restartPolicy: Never (or OnFailure to restart failed containers in place).",
                15, 7, "/spec/template/spec/restartPolicy", 0, "first", "batch", false),
        finding("job-invalid-field-type", "error",
                "parallelism must be an integer, got string \"3\"",
                "Write parallelism: 3 (without quotes).", 34, 3, "/spec/parallelism", 2, "second",
                "", false),
        finding("job-container-missing-name", "error",
                "container 0 has no name: the API server rejects the Job (every container needs "
                "a name)",
                "Give the container a name (a DNS-1123 label such as \"main\").", 42, 11,
                "/spec/template/spec/containers/0", 2, "second", "", false)}},
      {"errors", json::array()},
      {"summary",
       {{"files", 1}, {"objects", 2}, {"skipped", 1}, {"error", 4}, {"warning", 1}, {"info", 0}}}};
  CHECK(r.out == expected.dump(2) + "\n");
}

TEST_CASE("cli: a CronJob, from a file and from stdin", "[cli]") {
  CliResult file = run_cli({"lint", kConfig, kData + "cronjob.yaml"});
  CHECK(file.code == 0);
  CHECK(file.out == cronjob_text("tests/cli/data/cronjob.yaml"));
  CHECK(file.err.empty());

  std::ifstream stream(std::string(JOBWARDEN_SOURCE_DIR) + "/tests/cli/data/cronjob.yaml");
  std::string text((std::istreambuf_iterator<char>(stream)), std::istreambuf_iterator<char>());
  CliResult piped = run_cli({"lint", kConfig, "-"}, text);
  CHECK(piped.code == 0);
  CHECK(piped.out == cronjob_text("<stdin>"));
  CHECK(piped.err.empty());

  CliResult strict = run_cli({"lint", kConfig, "--fail-on", "warning", "-"}, text);
  CHECK(strict.code == 1);
}

TEST_CASE("cli: input errors exit 2 and still print the findings of what loaded", "[cli]") {
  CliResult list = run_cli({"lint", kConfig, kData + "not-object.yaml"});
  CHECK(list.code == 2);
  CHECK(list.out == "no findings in 1 object (1 file)\n");
  CHECK(list.err ==
        "jobwarden: tests/cli/data/not-object.yaml:18:1: document 2 is not a Kubernetes object "
        "(got an array)\n");

  CliResult broken = run_cli({"lint", kConfig, kData + "broken.yaml", kData + "cronjob.yaml"});
  CHECK(broken.code == 2);
  std::string two_files = cronjob_text("tests/cli/data/cronjob.yaml");
  two_files.replace(two_files.find("(1 file)"), 8, "(2 files)");
  CHECK(broken.out == two_files);
  CHECK(broken.err ==
        "jobwarden: tests/cli/data/broken.yaml:6:1: yaml: end of sequence flow not found\n");

  CliResult missing = run_cli({"lint", kConfig, kData + "missing.yaml"});
  CHECK(missing.code == 2);
  CHECK(missing.out == "no findings in 0 objects (0 files)\n");
  CHECK(missing.err == "jobwarden: tests/cli/data/missing.yaml: no such file or directory\n");

  CliResult json_errors = run_cli({"lint", kConfig, "--format", "json", kData + "not-object.yaml"});
  CHECK(json_errors.code == 2);
  json parsed = json::parse(json_errors.out);
  CHECK(parsed["errors"] == json::array({{{"file", "tests/cli/data/not-object.yaml"},
                                          {"line", 18},
                                          {"col", 1},
                                          {"message",
                                           "document 2 is not a Kubernetes object (got an "
                                           "array)"}}}));
  CHECK(parsed["summary"]["objects"] == 1);
}

TEST_CASE("cli: a bad config file exits 2 naming the key and line", "[cli]") {
  CliResult r = run_cli({"lint", "--config", kData + "bad-config.yaml", kData + "clean.yaml"});
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK(r.err ==
        "jobwarden: tests/cli/data/bad-config.yaml:1:1: unknown key \"rulez\" (expected one of: "
        "kubeVersion, rules, exempt, webhook, baseline)\n");

  CliResult missing = run_cli({"lint", "--config", kData + "nope.yaml", kData + "clean.yaml"});
  CHECK(missing.code == 2);
  CHECK(missing.err == "jobwarden: tests/cli/data/nope.yaml: no such file or directory\n");
}

TEST_CASE("cli: the good examples have no errors or warnings", "[cli][examples]") {
  CliResult r = run_cli({"lint", "--fail-on", "warning", "examples/good"});
  CHECK(r.code == 0);
  CHECK(r.err.empty());
  CHECK(r.out.find(": error:") == std::string::npos);
  CHECK(r.out.find(": warning:") == std::string::npos);
  CHECK(r.out.rfind("0 errors, 0 warnings,") != std::string::npos);

  CliResult bad = run_cli({"lint", "examples/bad"});
  CHECK(bad.code == 1);
  CHECK(bad.err.empty());
}

TEST_CASE("cli: explain prints a rule's documentation", "[cli]") {
  const auto* rule = jobwarden::core::Registry::instance().find("job-missing-ttl");
  REQUIRE(rule != nullptr);
  std::ostringstream expected;
  jobwarden::cli::format::write_explain(rule->info, expected);
  CliResult r = run_cli({"explain", "job-missing-ttl"});
  CHECK(r.code == 0);
  CHECK(r.err.empty());
  CHECK(r.out == expected.str());
  // The layout, independent of the rule's wording.
  const auto& info = rule->info;
  CHECK(r.out.rfind("job-missing-ttl: " + info.title + "\n\nDefault severity: warning\n", 0) == 0);
  CHECK(r.out.find("\nWhat it checks:\n  " + info.summary + "\n") != std::string::npos);
  CHECK(r.out.find("\nWhy it matters:\n  ") != std::string::npos);
  CHECK(r.out.find("\nOptions (rules.job-missing-ttl.options in .jobwarden.yaml):\n  default = " +
                   info.options.at(0).default_value.dump() + "\n") != std::string::npos);
  CHECK(r.out.find("\nBad:\n  ") != std::string::npos);
  CHECK(r.out.find("\nGood:\n  ") != std::string::npos);
  CHECK(r.out.find("ignore.jobwarden.io/job-missing-ttl: \"<reason>\"") != std::string::npos);

  CliResult unknown = run_cli({"explain", "job-missing-tll"});
  CHECK(unknown.code == 2);
  CHECK(unknown.out.empty());
  CHECK(unknown.err == "jobwarden: unknown rule \"job-missing-tll\"; run `jobwarden rules`\n");
}

TEST_CASE("cli: rules lists every registered rule", "[cli]") {
  const auto& rules = jobwarden::core::Registry::instance().rules();
  REQUIRE(rules.size() >= 12);
  CliResult text = run_cli({"rules"});
  CHECK(text.code == 0);
  CHECK(text.err.empty());
  std::istringstream lines(text.out);
  std::string line;
  std::getline(lines, line);
  CHECK(line.rfind("ID ", 0) == 0);
  CHECK(line.find("  SEVERITY  KINDS ") != std::string::npos);
  for (const auto& rule : rules) {
    REQUIRE(std::getline(lines, line));
    CHECK(line.rfind(rule.info.id + " ", 0) == 0);
    CHECK(line.size() >= rule.info.title.size());
    CHECK(line.compare(line.size() - rule.info.title.size(), std::string::npos, rule.info.title) ==
          0);
  }
  REQUIRE(std::getline(lines, line));
  CHECK(line ==
        std::to_string(rules.size()) + " rules; `jobwarden explain RULE-ID` describes one.");
  CHECK_FALSE(std::getline(lines, line));

  // A known row, exactly.
  CHECK(text.out.find("\njob-restart-policy-always ") != std::string::npos);
  std::string row = text.out.substr(text.out.find("\njob-restart-policy-always ") + 1);
  row = row.substr(0, row.find('\n'));
  const auto* always = jobwarden::core::Registry::instance().find("job-restart-policy-always");
  REQUIRE(always != nullptr);
  CHECK(row.find(std::string(" error     Job,CronJob  ") + (always->info.fixable ? "yes" : "no ") +
                 "      " + always->info.title) != std::string::npos);

  CliResult as_json = run_cli({"rules", "--format", "json"});
  CHECK(as_json.code == 0);
  json parsed = json::parse(as_json.out);
  CHECK(parsed["version"] == 1);
  REQUIRE(parsed["rules"].size() == rules.size());
  for (std::size_t i = 0; i < rules.size(); ++i) {
    CHECK(parsed["rules"][i]["id"] == rules[i].info.id);
    CHECK(parsed["rules"][i]["severity"] == std::string(to_string(rules[i].info.severity)));
  }

  CliResult markdown = run_cli({"rules", "--format=markdown"});
  CHECK(markdown.code == 0);
  CHECK(markdown.out.rfind("# jobwarden rules\n\n", 0) == 0);
  for (const auto& rule : rules) {
    CHECK(markdown.out.find("\n## " + rule.info.id + "\n\n**" + rule.info.title + "**\n") !=
          std::string::npos);
    CHECK(markdown.out.find("| [`" + rule.info.id + "`](#" + rule.info.id + ") |") !=
          std::string::npos);
  }
}

TEST_CASE("cli: the real binary's exit codes and streams", "[cli][binary]") {
  const std::string source = JOBWARDEN_SOURCE_DIR;
  CliResult clean = run_binary(source, "lint " + kConfig + " tests/cli/data/clean.yaml");
  CHECK(clean.code == 0);
  CHECK(clean.out == "no findings in 1 object (1 file)\n");
  CHECK(clean.err.empty());

  CliResult multi = run_binary(source, "lint " + kConfig + " tests/cli/data/multi.yaml");
  CHECK(multi.code == 1);
  CHECK(multi.out == kMultiText);  // not a terminal: no colour

  CliResult piped = run_binary(source, "lint " + kConfig + " -", "tests/cli/data/cronjob.yaml");
  CHECK(piped.code == 0);
  CHECK(piped.out == cronjob_text("<stdin>"));

  CliResult broken = run_binary(source, "lint " + kConfig + " tests/cli/data/broken.yaml");
  CHECK(broken.code == 2);
  CHECK(broken.err ==
        "jobwarden: tests/cli/data/broken.yaml:6:1: yaml: end of sequence flow not found\n");

  CliResult usage = run_binary(source, "lint --bogus");
  CHECK(usage.code == 2);
  CHECK(usage.out.empty());
  CHECK(usage.err.rfind("jobwarden: unknown option \"--bogus\"\n", 0) == 0);

  CliResult version = run_binary(source, "version");
  CHECK(version.code == 0);
  CHECK(version.out == "jobwarden 0.1.0\n");
}

TEST_CASE("cli: the config file is found from the working directory upwards", "[cli][binary]") {
  jobwarden::testing::TempDir temp;
  const auto& dir = temp.path();
  std::filesystem::create_directories(dir / "sub" / "deeper");
  std::filesystem::copy_file(std::string(JOBWARDEN_SOURCE_DIR) + "/tests/cli/data/warnings.yaml",
                             dir / "sub" / "deeper" / "job.yaml");
  std::ofstream(dir / ".jobwarden.yaml")
      << "rules:\n  job-missing-pod-failure-policy: off\n  job-missing-ttl: off\n"
         "  job-restart-policy-on-failure: error\n";

  CliResult found = run_binary((dir / "sub" / "deeper").string(), "lint job.yaml");
  CHECK(found.code == 1);
  CHECK(found.out ==
        "job.yaml:10:7: error: restartPolicy is OnFailure: failed containers are restarted in "
        "place, so their logs are lost and backoffLimit counts container restarts instead of "
        "failed pods [job-restart-policy-on-failure]\n"
        "  hint: Set restartPolicy: Never so each retry is a new pod and failed pods keep their "
        "logs.\n"
        "1 error, 0 warnings, 0 info in 1 object (1 file)\n");

  std::ofstream(dir / "sub" / ".jobwarden.yml") << "rulez: {}\n";
  CliResult nearer = run_binary((dir / "sub" / "deeper").string(), "lint job.yaml");
  CHECK(nearer.code == 2);
  CHECK(nearer.err == "jobwarden: " + (dir / "sub" / ".jobwarden.yml").string() +
                          ":1:1: unknown key \"rulez\" (expected one of: kubeVersion, rules, "
                          "exempt, webhook, baseline)\n");
}
