#include "rules/core/yaml_writer.hpp"

#include <cctype>
#include <string_view>

#include "rules/core/loader.hpp"

namespace jobwarden::core {

using json = nlohmann::ordered_json;

namespace {

// Plain scalars that a reader would type as something other than a string: whatever the
// loader types so, and .inf/.nan, which the loader keeps as strings but YAML readers make floats.
bool resolves_to_non_string(const std::string& text) {
  if (!resolve_plain_scalar(text).is_string()) return true;
  std::string_view body = text;
  if (!body.empty() && (body.front() == '+' || body.front() == '-')) body.remove_prefix(1);
  for (std::string_view special : {".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN"}) {
    if (body == special) return true;
  }
  return false;
}

bool plain_safe(const std::string& text) {
  if (text.empty() || resolves_to_non_string(text)) return false;
  if (std::isspace(static_cast<unsigned char>(text.front())) ||
      std::isspace(static_cast<unsigned char>(text.back()))) {
    return false;
  }
  static const std::string kBadFirst = "-?:,[]{}#&*!|>'\"%@`";
  if (kBadFirst.find(text.front()) != std::string::npos) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7f) return false;
    if (c == ':' && (i + 1 == text.size() || text[i + 1] == ' ')) return false;
    if (c == '#' && i > 0 && text[i - 1] == ' ') return false;
  }
  return true;
}

std::string indent_of(int n) {
  return std::string(static_cast<std::size_t>(n), ' ');
}

std::string key_text(const std::string& key) {
  // "<<" is the merge key when plain.
  return plain_safe(key) && key != "<<" ? key : json(key).dump();
}

void write_block(const json& value, int indent, const std::string& nl, std::string& out);

void write_sequence_item(const json& item, int indent, const std::string& nl, std::string& out) {
  out += indent_of(indent) + "-";
  if (item.is_object() && !item.empty()) {
    // First member on the dash line, the rest aligned under it.
    bool first = true;
    for (const auto& [key, member] : item.items()) {
      std::string line = yaml_member(key, member, indent + 2, nl);
      if (first) {
        out.push_back(' ');
        out.append(line, static_cast<std::size_t>(indent) + 2, std::string::npos);
      } else {
        out.append(line);
      }
      first = false;
    }
  } else if (item.is_array() && !item.empty()) {
    out += nl;
    write_block(item, indent + 2, nl, out);
  } else {
    out.push_back(' ');  // scalars and empty {} / []
    out.append(yaml_scalar(item));
    out.append(nl);
  }
}

void write_block(const json& value, int indent, const std::string& nl, std::string& out) {
  if (value.is_object()) {
    for (const auto& [key, member] : value.items()) out += yaml_member(key, member, indent, nl);
  } else if (value.is_array()) {
    for (const auto& item : value) write_sequence_item(item, indent, nl, out);
  }
}

}  // namespace

std::string yaml_scalar(const json& value) {
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    return plain_safe(text) ? text : value.dump();  // JSON strings are valid YAML double-quoted
  }
  if (value.is_object() && value.empty()) return "{}";
  if (value.is_array() && value.empty()) return "[]";
  return value.dump();
}

std::string yaml_member(const std::string& key, const json& value, int indent,
                        const std::string& newline) {
  // Built with append(): GCC 12 reports a false stringop-overflow for operator+ chains here.
  std::string out = indent_of(indent);
  out.append(key_text(key));
  out.push_back(':');
  if (value.is_structured() && !value.empty()) {
    out += newline;
    // Sequences under a key are indented one step, as kubectl writes them.
    write_block(value, indent + 2, newline, out);
  } else {
    out.push_back(' ');
    out.append(yaml_scalar(value));
    out.append(newline);
  }
  return out;
}

std::string yaml_document(const json& value, const std::string& newline) {
  if (!value.is_structured() || value.empty()) {
    std::string out = yaml_scalar(value);
    out.append(newline);
    return out;
  }
  std::string out;
  write_block(value, 0, newline, out);
  return out;
}

}  // namespace jobwarden::core
