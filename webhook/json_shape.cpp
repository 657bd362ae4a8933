#include "webhook/json_shape.hpp"

#include <vector>

#include "webhook/handler.hpp"

namespace jobwarden::webhook {

std::optional<std::string> check_json_shape(std::string_view text, const JsonShapeLimits& limits) {
  struct Open {
    bool array;
    bool empty;
    std::size_t elements;
  };
  std::vector<Open> stack;
  std::size_t values = 0;
  bool in_string = false;
  bool escaped = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    if (!stack.empty() && stack.back().empty && c != ']' && c != '}') {
      stack.back().empty = false;
      stack.back().elements = 1;
    }
    switch (c) {
      case '"':
        in_string = true;
        break;
      case '[':
      case '{':
        if (stack.size() >= limits.max_depth) {
          return "JSON nesting is deeper than " + std::to_string(limits.max_depth) + " levels";
        }
        stack.push_back(Open{c == '[', true, 0});
        break;
      case ']':
      case '}':
        if (!stack.empty()) {
          values += stack.back().elements;
          stack.pop_back();
        }
        ++values;
        break;
      case ',':
        if (!stack.empty()) {
          Open& open = stack.back();
          ++open.elements;
          if (open.array && open.elements > limits.max_array_elements) {
            return "JSON array at byte " + std::to_string(i) + " has more than " +
                   std::to_string(limits.max_array_elements) + " elements";
          }
          if (values + open.elements > limits.max_values) {
            return "JSON document at byte " + std::to_string(i) + " has more than " +
                   std::to_string(limits.max_values) + " values";
          }
        }
        break;
      default:
        break;
    }
    if (values > limits.max_values) {
      return "JSON document at byte " + std::to_string(i) + " has more than " +
             std::to_string(limits.max_values) + " values";
    }
  }
  return std::nullopt;
}

std::string excerpt_at(std::string_view text, std::size_t offset) {
  constexpr std::size_t kBefore = 16;
  constexpr std::size_t kLength = 40;
  if (offset > text.size()) offset = text.size();
  const std::size_t start = offset > kBefore ? offset - kBefore : 0;
  return "\"" + truncate_text(text.substr(start, kLength * 2), kLength) + "\"";
}

}  // namespace jobwarden::webhook
