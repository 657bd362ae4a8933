#include "rules/core/loader.hpp"

#include <algorithm>
#include <mutex>
#include <unordered_map>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/exceptions.h>

#include "rules/core/file_reader.hpp"
#include "rules/core/loader_internal.hpp"

namespace jobwarden::core {

using namespace loader_internal;

namespace {
std::mutex parse_calls_mutex;
std::unordered_map<std::string, std::size_t> parse_calls;  // by SourceFile::path
}  // namespace

std::size_t parse_documents_calls(const std::string& path) {
  std::lock_guard lock(parse_calls_mutex);
  auto it = parse_calls.find(path);
  return it == parse_calls.end() ? 0 : it->second;
}

std::optional<LoadError> parse_documents(
    const std::shared_ptr<const SourceFile>& file,
    const std::function<void(std::shared_ptr<const Document>)>& on_document,
    const LoadLimits& limits) {
  {
    std::lock_guard lock(parse_calls_mutex);
    ++parse_calls[file->path];
  }
  const std::string& text = file->text;
  auto error_at = [&](Position pos, std::string message) {
    return LoadError{file->path, pos, std::move(message)};
  };
  if (text.size() > limits.max_file_bytes) {
    return error_at({}, too_large(text.size(), limits.max_file_bytes));
  }
  std::size_t base = std::string_view(text).starts_with(kBom) ? kBom.size() : 0;
  if (auto bad = check_text(text, base)) {
    Position pos = position_of(text, base, bad->first);
    return error_at(pos, bad->second + " at line " + std::to_string(pos.line) + " col " +
                             std::to_string(pos.col));
  }

  // JSON may use tabs as whitespace, which YAML flow context rejects in places; a raw tab cannot
  // occur inside a valid JSON string, so replacing tabs with spaces keeps every offset.
  bool json_input = looks_like_json(text, base);
  std::string replaced;
  const std::string* parse_text = &text;
  std::vector<std::pair<int, int>> tab_lines;
  if (json_input) {
    if (text.find('\t', base) != std::string::npos) {
      replaced = text;
      std::replace(replaced.begin(), replaced.end(), '\t', ' ');
      parse_text = &replaced;
    }
  } else {
    tab_lines = tab_indented_lines(text, base);
  }

  try {
    build_documents(file, *parse_text, base, tab_lines, limits, on_document, json_input);
    return std::nullopt;
  } catch (const Failure& f) {
    Position pos = f.pos.known()       ? f.pos
                   : f.offset != kNpos ? position_of(text, base, f.offset)
                                       : Position{};
    return error_at(pos, f.message);
  } catch (const YAML::DeepRecursion& e) {
    Position pos =
        position_of(text, base, static_cast<std::size_t>(std::max(e.mark.pos, 0)) + base);
    return error_at(pos, "nesting deeper than " + std::to_string(e.depth() - 1) +
                             " levels (limit of the YAML parser; possible attack)");
  } catch (const YAML::Exception& e) {
    Position pos;
    if (!e.mark.is_null()) {
      pos = position_of(text, base, static_cast<std::size_t>(std::max(e.mark.pos, 0)) + base);
    }
    int col = 0;
    if (pos.known() && has_tab_line(tab_lines, pos.line, &col)) {
      return error_at(Position{pos.line, col},
                      "tab character used for indentation (YAML forbids tabs; use spaces)");
    }
    if (e.msg.find("tab") != std::string::npos) {
      return error_at(pos, "tab character used for indentation (YAML forbids tabs; use spaces)");
    }
    std::string message = e.msg;
    if (message == "the referenced anchor is not defined" && pos.known()) {
      std::size_t p = static_cast<std::size_t>(e.mark.pos) + base;
      std::size_t end = p + 1;
      while (end < text.size() && !is_space(text[end]) &&
             std::string_view(",[]{}").find(text[end]) == std::string_view::npos) {
        ++end;
      }
      if (p < text.size() && text[p] == '*') {
        message = "unknown anchor \"" + text.substr(p + 1, end - p - 1) + "\"";
      }
    }
    return error_at(pos, "yaml: " + message);
  } catch (const std::bad_alloc&) {
    return error_at({}, "out of memory while parsing");
  } catch (const std::exception& e) {
    return error_at({}, std::string("cannot parse: ") + e.what());
  }
}

}  // namespace jobwarden::core
