#include "rules/vap/cel_rule.hpp"

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "rules/k8s/validation.hpp"

namespace jobwarden::vap {

const nlohmann::json& CelContext::option(std::string_view name) const {
  static const nlohmann::json kNull;
  if (!options_.is_object()) return kNull;
  auto it = options_.find(name);
  return it == options_.end() ? kNull : *it;
}

std::int64_t CelContext::int_option(std::string_view name) const {
  const nlohmann::json& value = option(name);
  if (!value.is_number_integer()) {
    throw std::logic_error("VAP export reads integer option \"" + std::string(name) +
                           "\" that its RuleInfo does not declare as an integer");
  }
  return value.get<std::int64_t>();
}

CelRegistry& CelRegistry::instance() {
  static CelRegistry registry;
  return registry;
}

namespace {
[[noreturn]] void duplicate(const std::string& id) {
  std::fprintf(stderr, "jobwarden: VAP export registered twice for rule %s\n", id.c_str());
  std::abort();
}
}  // namespace

bool CelRegistry::add(ExportedRule rule) {
  if (find(rule.rule_id) != nullptr || left_out(rule.rule_id) != nullptr) duplicate(rule.rule_id);
  exported_.push_back(std::move(rule));
  return true;
}

bool CelRegistry::leave_out(LeftOutRule rule) {
  if (find(rule.rule_id) != nullptr || left_out(rule.rule_id) != nullptr) duplicate(rule.rule_id);
  left_out_.push_back(std::move(rule));
  return true;
}

const ExportedRule* CelRegistry::find(std::string_view rule_id) const {
  for (const auto& rule : exported_) {
    if (rule.rule_id == rule_id) return &rule;
  }
  return nullptr;
}

const LeftOutRule* CelRegistry::left_out(std::string_view rule_id) const {
  for (const auto& rule : left_out_) {
    if (rule.rule_id == rule_id) return &rule;
  }
  return nullptr;
}

// A CEL double-quoted string literal takes the escapes Go's %q writes for these characters
// (\" \\ \n \t \r \xHH), so the API-server quoting of rules/k8s serves.
std::string cel_string(std::string_view text) {
  return k8s::go_quote(text);
}

CelValidation any_of(const std::vector<CelPart>& parts) {
  if (parts.size() == 1) return {"!(" + parts.front().condition + ")", parts.front().message};
  std::string conditions;
  std::string messages;
  for (const auto& part : parts) {
    if (!conditions.empty()) conditions += " || ";
    conditions += "(" + part.condition + ")";
    if (!messages.empty()) messages += " + ";
    messages += "((" + part.condition + ") ? [" + part.message + "] : [])";
  }
  return {"!(" + conditions + ")", "(" + messages + ").join('; ')"};
}

namespace {

std::string replace_all(std::string text, std::string_view from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at)) {
    text.replace(at, from.size(), to);
    at += to.size();
  }
  return text;
}

// `condition`/`message` with C -> list[i] and LABEL -> the container's label.
std::string over_list(const std::string& text, const std::string& list, const std::string& what) {
  const std::string item = list + "[i]";
  const std::string label = "('" + what + " ' + (has(" + item + ".name) && " + item +
                            ".name != '' ? '\"' + " + item + ".name + '\"' : string(i)))";
  return replace_all(replace_all(text, "LABEL", label), "C.", item + ".");
}

std::string indexes() {
  std::string out = "[";
  for (int i = 0; i < kMaxIndexedContainers; ++i) out += (i > 0 ? ", " : "") + std::to_string(i);
  return out + "]";
}

}  // namespace

CelValidation per_container(const std::string& condition, const std::string& message,
                            bool with_init) {
  std::vector<std::pair<std::string, std::string>> lists;
  if (with_init) lists.emplace_back("variables.initContainers", "init container");
  lists.emplace_back("variables.containers", "container");
  std::string expression;
  std::string messages;
  for (const auto& [list, what] : lists) {
    if (!expression.empty()) expression += " && ";
    expression += list + ".all(c, !(" + replace_all(condition, "C.", "c.") + "))";
    if (!messages.empty()) messages += " + ";
    messages += indexes() + ".filter(i, i < size(" + list + ") && (" +
                over_list(condition, list, what) + ")).map(i, " + over_list(message, list, what) +
                ")";
  }
  return {expression, "(" + messages + ").join('; ')"};
}

CelValidation per_entry(const std::string& list, const std::string& condition,
                        const std::string& message) {
  const std::string item = list + "[i]";
  return {list + ".all(e, !(" + replace_all(condition, "ITEM", "e") + "))",
          indexes() + ".filter(i, i < size(" + list + ") && (" +
              replace_all(condition, "ITEM", item) + ")).map(i, " +
              replace_all(replace_all(message, "ITEM", item), "INDEX", "i") + ").join('; ')"};
}

}  // namespace jobwarden::vap
