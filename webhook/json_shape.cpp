#include "webhook/json_shape.hpp"

#include <algorithm>
#include <vector>

#include "webhook/handler.hpp"

namespace jobwarden::webhook {

std::size_t json_nesting_depth(std::string_view text, std::size_t limit) {
  std::size_t depth = 0;
  std::size_t deepest = 0;
  for_each_json_token(text, [&](char c, std::size_t) {
    if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
    return deepest <= limit;
  });
  return std::min(deepest, limit + 1);
}

std::optional<std::string> check_json_shape(std::string_view text, const JsonShapeLimits& limits) {
  struct Open {
    bool array;
    bool empty;
    std::size_t elements;
  };
  std::vector<Open> stack;
  std::size_t values = 0;
  std::optional<std::string> error;
  auto too_many_values = [&](std::size_t at) {
    return "JSON document at byte " + std::to_string(at) + " has more than " +
           std::to_string(limits.max_values) + " values";
  };
  for_each_json_token(text, [&](char c, std::size_t i) {
    if (!stack.empty() && stack.back().empty && c != ']' && c != '}') {
      stack.back().empty = false;
      stack.back().elements = 1;
    }
    switch (c) {
      case '[':
      case '{':
        if (stack.size() >= limits.max_depth) {
          error = "JSON nesting is deeper than " + std::to_string(limits.max_depth) + " levels";
          return false;
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
            error = "JSON array at byte " + std::to_string(i) + " has more than " +
                    std::to_string(limits.max_array_elements) + " elements";
            return false;
          }
          if (values + open.elements > limits.max_values) {
            error = too_many_values(i);
            return false;
          }
        }
        break;
      default:
        break;
    }
    if (values > limits.max_values) {
      error = too_many_values(i);
      return false;
    }
    return true;
  });
  return error;
}

std::string excerpt_at(std::string_view text, std::size_t offset) {
  constexpr std::size_t kBefore = 16;
  constexpr std::size_t kLength = 40;
  if (offset > text.size()) offset = text.size();
  const std::size_t start = offset > kBefore ? offset - kBefore : 0;
  return "\"" + truncate_text(text.substr(start, kLength * 2), kLength) + "\"";
}

}  // namespace jobwarden::webhook
