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

namespace {

// json::parse's own document builder with the limits counted per event: +1 for each container,
// each object key and each array element, as check_json_shape counts them (there at the
// commas and closing brackets, with the same totals), so both refuse the same documents.
class BoundedDocument : public nlohmann::detail::json_sax_dom_parser<nlohmann::json> {
  using Base = nlohmann::detail::json_sax_dom_parser<nlohmann::json>;
  using json = nlohmann::json;

 public:
  BoundedDocument(json& out, const JsonShapeLimits& limits) : Base(out, true), limits_(limits) {
    open_.reserve(16);
  }
  bool exceeded() const { return exceeded_; }

  bool null() { return element() && Base::null(); }
  bool boolean(bool value) { return element() && Base::boolean(value); }
  bool number_integer(json::number_integer_t value) {
    return element() && Base::number_integer(value);
  }
  bool number_unsigned(json::number_unsigned_t value) {
    return element() && Base::number_unsigned(value);
  }
  bool number_float(json::number_float_t value, const json::string_t& text) {
    return element() && Base::number_float(value, text);
  }
  bool string(json::string_t& value) { return element() && Base::string(value); }
  bool binary(json::binary_t& value) { return element() && Base::binary(value); }
  bool key(json::string_t& name) { return count() && Base::key(name); }
  bool start_object(std::size_t elements) { return open(false) && Base::start_object(elements); }
  bool start_array(std::size_t elements) { return open(true) && Base::start_array(elements); }
  bool end_object() {
    open_.pop_back();
    return Base::end_object();
  }
  bool end_array() {
    open_.pop_back();
    return Base::end_array();
  }

 private:
  struct Open {
    bool array;
    std::size_t elements;
  };
  bool stop() {
    exceeded_ = true;
    return false;
  }
  bool count() { return ++values_ <= limits_.max_values || stop(); }
  // A value starts: as an array element it counts (an object member counted at its key).
  bool element() {
    if (open_.empty() || !open_.back().array) return true;
    if (++open_.back().elements > limits_.max_array_elements) return stop();
    return count();
  }
  bool open(bool array) {
    if (!element()) return false;
    if (open_.size() >= limits_.max_depth) return stop();
    open_.push_back(Open{array, 0});
    return count();
  }

  const JsonShapeLimits& limits_;
  std::vector<Open> open_;
  std::size_t values_ = 0;
  bool exceeded_ = false;
};

}  // namespace

std::optional<std::string> parse_json_within(std::string_view text, const JsonShapeLimits& limits,
                                             nlohmann::json& out) {
  BoundedDocument document(out, limits);
  if (nlohmann::json::sax_parse(text.begin(), text.end(), &document) || !document.exceeded()) {
    return std::nullopt;
  }
  out = nullptr;
  // The refusal is rare: word it with check_json_shape, which knows byte offsets.
  if (auto reason = check_json_shape(text, limits)) return reason;
  return "JSON document is larger than the limits (" + std::to_string(limits.max_depth) +
         " levels, " + std::to_string(limits.max_array_elements) + " elements per array, " +
         std::to_string(limits.max_values) + " values)";
}

std::string excerpt_at(std::string_view text, std::size_t offset) {
  constexpr std::size_t kBefore = 16;
  constexpr std::size_t kLength = 40;
  if (offset > text.size()) offset = text.size();
  const std::size_t start = offset > kBefore ? offset - kBefore : 0;
  return "\"" + truncate_text(text.substr(start, kLength * 2), kLength) + "\"";
}

}  // namespace jobwarden::webhook
