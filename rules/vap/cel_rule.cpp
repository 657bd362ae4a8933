#include "rules/vap/cel_rule.hpp"

#include <cstdio>
#include <cstdlib>

namespace jobwarden::vap {

const nlohmann::json& CelContext::option(std::string_view name) const {
  static const nlohmann::json kNull;
  if (!options_.is_object()) return kNull;
  auto it = options_.find(name);
  return it == options_.end() ? kNull : *it;
}

std::int64_t CelContext::int_option(std::string_view name, std::int64_t fallback) const {
  const nlohmann::json& value = option(name);
  return value.is_number_integer() ? value.get<std::int64_t>() : fallback;
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

std::string cel_string(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\'':
        out += "\\'";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\x%02x", static_cast<unsigned char>(c));
          out += buffer;
        } else {
          out += c;
        }
    }
  }
  return out + "'";
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

}  // namespace jobwarden::vap
