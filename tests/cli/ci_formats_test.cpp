// The CI report formats: golden files over one fixed report (tests/cli/data/ci/report.yaml),
// SARIF validated by Microsoft's SARIF Multitool, JUnit by a schema, --output files.
// JOBWARDEN_UPDATE_GOLDEN=1 rewrites the golden files from the current output.
#include <cstdlib>
#include <filesystem>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli/format/ci_formats.hpp"
#include "rules/core/registry.hpp"
#include "tests/cli/ci_support.hpp"

namespace {

namespace fs = std::filesystem;
using jobwarden::testing::jobwarden_in;
using jobwarden::testing::read_file;
using jobwarden::testing::source_dir;
using nlohmann::json;

const std::string kInput = "tests/cli/data/ci/report.yaml";

bool update_golden() {
  const char* value = std::getenv("JOBWARDEN_UPDATE_GOLDEN");
  return value != nullptr && std::string(value) == "1";
}

void check_golden(const std::string& name, const std::string& actual) {
  const fs::path path = fs::path(source_dir()) / "tests/cli/data/ci" / name;
  if (update_golden()) jobwarden::testing::write_file(path, actual);
  INFO("golden " << path.string() << " (JOBWARDEN_UPDATE_GOLDEN=1 rewrites it)");
  CHECK(actual == read_file(path));
}

// The SARIF without what depends on the machine (the checkout's absolute path) or on the whole
// rule catalogue (every rule's descriptor; checked separately).
json comparable_sarif(json sarif) {
  auto& run = sarif["runs"][0];
  run["originalUriBaseIds"]["%SRCROOT%"]["uri"] = "file:///SRCROOT/";
  run["tool"]["driver"]["rules"] = json::array();
  return sarif;
}

// Runs the Multitool's validate with GitHub's rules on top of the SARIF ones and returns the
// error and warning results ("SARIF2005 runs[0].tool.driver ...").
std::vector<std::string> multitool_problems(const std::string& sarif_path) {
  jobwarden::testing::TempDir temp;
  const std::string log = temp.file("validation.sarif");
  auto run = jobwarden::testing::run_shell(
      "'" + jobwarden::testing::multitool() + "' validate '" + sarif_path + "' -o '" + log +
      "' --log ForceOverwrite --level 'Error;Warning' --rule-kind 'Sarif;Gh'");
  INFO(run.out << run.err);
  REQUIRE(run.code == 0);
  json validation = json::parse(read_file(log));
  std::vector<std::string> problems;
  for (const auto& result : validation["runs"][0].value("results", json::array())) {
    // SARIF leaves "level" out when it is the default, "warning".
    problems.push_back(result.value("ruleId", "") + " " + result.value("level", "warning") + " " +
                       result.value("message", json::object()).dump());
  }
  return problems;
}

}  // namespace

TEST_CASE("sarif: golden report, rule descriptors, ruleIndex and fingerprints",
          "[cli][ci][sarif]") {
  auto run = jobwarden_in(source_dir(), "lint --format sarif " + kInput);
  CHECK(run.code == 1);
  json sarif = json::parse(run.out);
  const auto& rules = jobwarden::core::Registry::instance().rules();
  const json& descriptors = sarif["runs"][0]["tool"]["driver"]["rules"];
  REQUIRE(descriptors.size() == rules.size());
  for (const auto& result : sarif["runs"][0]["results"]) {
    CHECK(descriptors[result["ruleIndex"].get<std::size_t>()]["id"] == result["ruleId"]);
  }
  const json* ttl = nullptr;
  for (const auto& descriptor : descriptors) {
    if (descriptor["id"] == "job-missing-ttl") ttl = &descriptor;
  }
  REQUIRE(ttl != nullptr);
  CHECK((*ttl)["shortDescription"]["text"] == "Set ttlSecondsAfterFinished.");
  CHECK((*ttl)["helpUri"] ==
        "https://example.com/jobwarden/blob/main/docs/rules.md#job-missing-ttl");
  CHECK((*ttl)["defaultConfiguration"]["level"] == "warning");
  CHECK((*ttl)["help"]["markdown"].get<std::string>().find("**How to fix.**") != std::string::npos);
  CHECK(sarif["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] ==
        "file://" + fs::path(source_dir()).lexically_normal().generic_string() + "/");
  check_golden("golden.sarif.json", comparable_sarif(sarif).dump(2) + "\n");
}

TEST_CASE("sarif: fingerprints survive edits elsewhere in the file", "[cli][ci][sarif]") {
  jobwarden::testing::TempDir temp;
  const std::string text = read_file(fs::path(source_dir()) / kInput);
  temp.write("jobs.yaml", text);
  auto before =
      json::parse(jobwarden_in(temp.path().string(), "lint --format sarif jobs.yaml").out);
  temp.write("jobs.yaml",
             "# one\n# two\n# three\n\n\n# six\n# seven\n# eight\n# nine\n# ten\n" + text);
  auto after = json::parse(jobwarden_in(temp.path().string(), "lint --format sarif jobs.yaml").out);
  const auto& a = before["runs"][0]["results"];
  const auto& b = after["runs"][0]["results"];
  REQUIRE(a.size() == 3);
  REQUIRE(b.size() == 3);
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i]["partialFingerprints"] == b[i]["partialFingerprints"]);
    CHECK(b[i]["locations"][0]["physicalLocation"]["region"]["startLine"].get<int>() ==
          a[i]["locations"][0]["physicalLocation"]["region"]["startLine"].get<int>() + 10);
  }
  // Two findings of one rule on one pointer (the CronJob history limits) still differ.
  auto history =
      json::parse(jobwarden_in(source_dir(), "lint --format sarif examples/bad/cronjob.yaml").out);
  std::set<std::string> prints;
  for (const auto& result : history["runs"][0]["results"]) {
    prints.insert(result["partialFingerprints"]["jobwardenFinding/v1"].get<std::string>());
  }
  CHECK(prints.size() == history["runs"][0]["results"].size());
}

TEST_CASE("sarif: examples/ and every rule fixture pass the SARIF Multitool with GitHub's rules",
          "[cli][ci][sarif][multitool]") {
  REQUIRE(fs::exists(jobwarden::testing::multitool()));  // scripts/install-test-tools.sh
  jobwarden::testing::TempDir temp;
  // Every fixture manifest (not the expected-findings JSON beside them).
  for (const std::string input : {"examples", "$(find tests/rules -name '*.yaml' | sort)"}) {
    const std::string path = temp.file(input == "examples" ? "examples.sarif" : "rules.sarif");
    auto run = jobwarden_in(source_dir(), "lint --format sarif " + input + " > '" + path + "'");
    INFO(input << ": " << run.err);
    CHECK(run.code == 1);
    json sarif = json::parse(read_file(path));
    CHECK(sarif["runs"][0]["results"].size() > (input == "examples" ? 20u : 200u));
    CHECK(multitool_problems(path) == std::vector<std::string>{});
  }
  // The validator does report problems: a log without the driver's version gets SARIF2005.
  json broken = json::parse(read_file(temp.file("examples.sarif")));
  broken["runs"][0]["tool"]["driver"].erase("version");
  broken["runs"][0]["tool"]["driver"].erase("semanticVersion");
  jobwarden::testing::write_file(temp.file("broken.sarif"), broken.dump());
  auto problems = multitool_problems(temp.file("broken.sarif"));
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].rfind("SARIF2005", 0) == 0);
}

TEST_CASE("github: workflow commands, golden and escaping", "[cli][ci][github]") {
  auto run = jobwarden_in(source_dir(), "lint --format github " + kInput);
  CHECK(run.code == 1);
  check_golden("golden.github.txt", run.out);
  using jobwarden::cli::format::github_escape_data;
  using jobwarden::cli::format::github_escape_property;
  CHECK(github_escape_property("a:b,c%d\r\ne") == "a%3Ab%2Cc%25d%0D%0Ae");
  CHECK(github_escape_data("a:b,c%d\r\ne") == "a:b,c%25d%0D%0Ae");
}

TEST_CASE("junit: golden, valid against the JUnit schema, failures follow --fail-on",
          "[cli][ci][junit]") {
  jobwarden::testing::TempDir temp;
  auto run = jobwarden_in(source_dir(), "lint --format junit " + kInput);
  CHECK(run.code == 1);
  check_golden("golden.junit.xml", run.out);
  temp.write("report.xml", run.out);
  auto valid = jobwarden::testing::run_shell("xmllint --noout --schema '" + source_dir() +
                                             "/tests/cli/data/ci/junit.xsd' '" +
                                             temp.file("report.xml") + "'");
  INFO(valid.err);
  CHECK(valid.code == 0);
  // --fail-on info: all three findings are failures; none goes to system-out.
  auto strict = jobwarden_in(source_dir(), "lint --format junit --fail-on info " + kInput);
  CHECK(
      strict.out.find("<testsuites name=\"jobwarden\" tests=\"2\" failures=\"3\" errors=\"0\">") !=
      std::string::npos);
  CHECK(strict.out.find("<system-out>") == std::string::npos);
  // A load error is an <error> test case, and the file still validates.
  auto broken = jobwarden_in(source_dir(), "lint --format junit tests/cli/data/broken.yaml");
  CHECK(broken.code == 2);
  CHECK(broken.out.find("<error type=\"load-error\" message=\"yaml: end of sequence flow not "
                        "found\">tests/cli/data/broken.yaml:6:1:") != std::string::npos);
  temp.write("broken.xml", broken.out);
  CHECK(jobwarden::testing::run_command("xmllint --noout --schema '" + source_dir() +
                                        "/tests/cli/data/ci/junit.xsd' '" +
                                        temp.file("broken.xml") + "'") == 0);
  // The schema rejects what the common JUnit schema rejects (a testcase without a name).
  temp.write("bad.xml",
             "<testsuites><testsuite name=\"a\" tests=\"1\" failures=\"0\" errors=\"0\">"
             "<testcase classname=\"x\"/></testsuite></testsuites>");
  CHECK(jobwarden::testing::run_command("xmllint --noout --schema '" + source_dir() +
                                        "/tests/cli/data/ci/junit.xsd' '" + temp.file("bad.xml") +
                                        "'") != 0);
}

TEST_CASE("gitlab: Code Quality golden", "[cli][ci][gitlab]") {
  auto run = jobwarden_in(source_dir(), "lint --format gitlab " + kInput);
  CHECK(run.code == 1);
  check_golden("golden.gitlab.json", run.out);
  json issues = json::parse(run.out);
  REQUIRE(issues.size() == 3);
  CHECK(issues[2]["severity"] == "major");
  CHECK(issues[1]["severity"] == "minor");
  CHECK(issues[0]["severity"] == "info");
  CHECK(issues[2]["location"] == json{{"path", kInput}, {"lines", {{"begin", 12}}}});
}

TEST_CASE("lint --output writes several reports in one run, bad outputs are exit 2 without a file",
          "[cli][ci][output]") {
  jobwarden::testing::TempDir temp;
  const std::string dir = temp.path().string();
  auto run =
      jobwarden_in(source_dir(), "lint --output sarif=" + dir + "/out.sarif --output=junit=" + dir +
                                     "/out.xml --output gitlab=" + dir + "/cq.json " + kInput);
  CHECK(run.code == 1);
  CHECK(run.out.find("1 error, 1 warning, 1 info in 2 objects") != std::string::npos);
  CHECK(json::parse(read_file(dir + "/out.sarif"))["runs"][0]["results"].size() == 3);
  CHECK(read_file(dir + "/out.xml").find("<testsuites name=\"jobwarden\"") != std::string::npos);
  CHECK(json::parse(read_file(dir + "/cq.json")).size() == 3);

  // Unwritable target: a missing directory, and a directory in place of the file.
  auto missing =
      jobwarden_in(source_dir(), "lint --output sarif=" + dir + "/no/such/x.sarif " + kInput);
  CHECK(missing.code == 2);
  CHECK(missing.err.find("jobwarden: cannot write the sarif report " + dir +
                         "/no/such/x.sarif: cannot create a temporary file in " + dir +
                         "/no/such: No such file or directory") != std::string::npos);
  fs::create_directory(dir + "/taken");
  auto directory = jobwarden_in(source_dir(), "lint --output junit=" + dir + "/taken " + kInput);
  CHECK(directory.code == 2);
  CHECK(directory.err.find("cannot write the junit report " + dir + "/taken: is a directory") !=
        std::string::npos);
  // An existing report is replaced whole; nothing but the reports is left in the directory.
  jobwarden::testing::write_file(dir + "/out.xml", "old");
  CHECK(jobwarden_in(source_dir(), "lint --output junit=" + dir + "/out.xml " + kInput).code == 1);
  CHECK(read_file(dir + "/out.xml").rfind("<?xml", 0) == 0);
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir))
    names.insert(entry.path().filename().string());
  CHECK(names == std::set<std::string>{"cq.json", "out.sarif", "out.xml", "taken"});

  auto unknown = jobwarden_in(source_dir(), "lint --output yaml=" + dir + "/r.yaml " + kInput);
  CHECK(unknown.code == 2);
  CHECK(unknown.err.find("jobwarden: unknown report format \"yaml\" in --output (expected text, "
                         "json, sarif, github, junit or gitlab)") == 0);
  auto no_file = jobwarden_in(source_dir(), "lint --output sarif " + kInput);
  CHECK(no_file.code == 2);
  CHECK(no_file.err.find("invalid --output \"sarif\" (expected FORMAT=FILE") != std::string::npos);
  auto bad_format = jobwarden_in(source_dir(), "lint --format xml " + kInput);
  CHECK(bad_format.code == 2);
  CHECK(bad_format.err.find("invalid --format \"xml\"") != std::string::npos);
  CHECK(!fs::exists(dir + "/r.yaml"));
}

TEST_CASE("lint --quiet prints findings only, --summary adds a count table", "[cli][ci][text]") {
  auto quiet = jobwarden_in(source_dir(), "lint --quiet " + kInput);
  CHECK(quiet.code == 1);
  CHECK(quiet.out ==
        "tests/cli/data/ci/report.yaml:7:1: info: podFailurePolicy is not set: fatal failures are "
        "retried until backoffLimit runs out, and pods evicted by disruptions count against it "
        "[job-missing-pod-failure-policy]\n"
        "tests/cli/data/ci/report.yaml:7:1: warning: ttlSecondsAfterFinished is not set: the "
        "finished Job and its pods are never deleted and pile up [job-missing-ttl]\n"
        "tests/cli/data/ci/report.yaml:12:7: error: restartPolicy Always is not allowed in a Job "
        "pod template: the API server rejects the Job (valid values: OnFailure, Never) "
        "[job-restart-policy-always]\n");
  auto clean = jobwarden_in(source_dir(), "lint -q tests/cli/data/kustomize/kustomization.yaml");
  CHECK(clean.code == 0);
  CHECK(clean.out.empty());
  auto summary = jobwarden_in(source_dir(), "lint --summary " + kInput);
  const std::string table =
      "RULE                            ERROR  WARNING   INFO\n"
      "job-missing-pod-failure-policy      0        0      1\n"
      "job-missing-ttl                     0        1      0\n"
      "job-restart-policy-always           1        0      0\n"
      "total                               1        1      1\n"
      "1 error, 1 warning, 1 info in 2 objects (1 file, 1 other object skipped)\n";
  CHECK(summary.out.size() > table.size());
  CHECK(summary.out.substr(summary.out.size() - table.size()) == table);
}
