// JUnit XML as GitLab, Jenkins and Azure Pipelines read it: one <testsuite> per file, one
// <testcase> per Job/CronJob, one <failure> per finding at or above --fail-on; findings below
// the threshold go to the test case's <system-out>, load errors are <error>s. Only elements and
// attributes of the common JUnit schema (Jenkins' junit-10.xsd) are used.
#include <map>
#include <ostream>
#include <tuple>

#include "cli/format/ci_formats.hpp"

namespace jobwarden::cli::format {

namespace {

// XML 1.0 cannot carry most control characters even escaped; they become U+FFFD.
std::string xml_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        if (u < 0x20 && c != '\n' && c != '\t' && c != '\r') {
          out += "\xEF\xBF\xBD";
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string location(const std::string& path, core::Position pos) {
  std::string out = path.empty() ? std::string("<object>") : path;
  if (pos.known()) out += ":" + std::to_string(pos.line) + ":" + std::to_string(pos.col);
  return out;
}

std::string finding_text(const core::Finding& finding, const std::string& path) {
  std::string text = location(path, finding.pos) + ": " +
                     std::string(core::to_string(finding.severity)) + ": " + finding.message +
                     " [" + finding.rule_id + "]";
  if (!finding.hint.empty()) text += "\n  hint: " + finding.hint;
  if (!finding.rendered_at.empty())
    text += "\n  rendered: document starts at " + finding.rendered_at;
  return text;
}

struct TestCase {
  std::string name;
  std::vector<const core::Finding*> findings;
};

struct Suite {
  std::string path;
  std::vector<TestCase> cases;
  std::map<std::tuple<std::size_t, std::string>, std::size_t> case_of;  // (document, base) -> case
  std::vector<const core::LoadError*> errors;
};

}  // namespace

void write_junit(const core::Report& report, const ReportContext& context, std::ostream& out) {
  std::vector<Suite> suites;
  std::map<std::string, std::size_t> suite_of;
  auto suite_for = [&](const std::string& file) -> Suite& {
    const std::string path = report_path(file, context.source_root);
    auto [it, inserted] = suite_of.emplace(path, suites.size());
    if (inserted) suites.push_back(Suite{path, {}, {}, {}});
    return suites[it->second];
  };
  auto case_for = [&](Suite& suite, std::size_t document, const std::string& base,
                      const core::ObjectRef& ref) -> TestCase& {
    auto [it, inserted] =
        suite.case_of.emplace(std::make_tuple(document, base), suite.cases.size());
    if (inserted) {
      std::string name = ref.display();
      suite.cases.push_back(TestCase{name, {}});
    }
    return suite.cases[it->second];
  };
  for (const auto& object : report.checked) {
    case_for(suite_for(object.file), object.document_index, object.base_pointer, object.ref);
  }
  for (const auto& finding : report.findings) {
    case_for(suite_for(finding.file), finding.document_index, finding.base_pointer, finding.object)
        .findings.push_back(&finding);
  }
  for (const auto& error : report.errors) suite_for(error.file).errors.push_back(&error);

  auto fails = [&](const core::Finding& finding) {
    return context.fail_on && finding.severity >= *context.fail_on;
  };
  std::size_t total_tests = 0;
  std::size_t total_failures = 0;
  std::size_t total_errors = 0;
  for (const auto& suite : suites) {
    total_tests += suite.cases.size() + suite.errors.size();
    total_errors += suite.errors.size();
    for (const auto& test : suite.cases) {
      for (const auto* finding : test.findings) total_failures += fails(*finding) ? 1 : 0;
    }
  }

  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<testsuites name=\"jobwarden\" tests=\"" << total_tests << "\" failures=\""
      << total_failures << "\" errors=\"" << total_errors << "\">\n";
  for (const auto& suite : suites) {
    std::size_t failures = 0;
    for (const auto& test : suite.cases) {
      for (const auto* finding : test.findings) failures += fails(*finding) ? 1 : 0;
    }
    const std::string name = xml_escape(suite.path.empty() ? "<object>" : suite.path);
    out << "  <testsuite name=\"" << name << "\" tests=\""
        << suite.cases.size() + suite.errors.size() << "\" failures=\"" << failures
        << "\" errors=\"" << suite.errors.size() << "\" skipped=\"0\" file=\"" << name << "\">\n";
    for (const auto& test : suite.cases) {
      out << "    <testcase classname=\"" << name << "\" name=\"" << xml_escape(test.name) << "\"";
      if (test.findings.empty()) {
        out << "/>\n";
        continue;
      }
      out << ">\n";
      std::string system_out;
      for (const auto* finding : test.findings) {
        const std::string text = finding_text(*finding, suite.path);
        if (fails(*finding)) {
          out << "      <failure type=\"" << xml_escape(finding->rule_id) << "\" message=\""
              << xml_escape(finding->message) << "\">" << xml_escape(text) << "</failure>\n";
        } else {
          system_out += text + "\n";
        }
      }
      if (!system_out.empty()) {
        out << "      <system-out>" << xml_escape(system_out) << "</system-out>\n";
      }
      out << "    </testcase>\n";
    }
    for (const auto* error : suite.errors) {
      out << "    <testcase classname=\"" << name << "\" name=\"load\">\n"
          << "      <error type=\"load-error\" message=\"" << xml_escape(error->message) << "\">"
          << xml_escape(error->display()) << "</error>\n"
          << "    </testcase>\n";
    }
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
}

}  // namespace jobwarden::cli::format
