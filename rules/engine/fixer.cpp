#include "rules/engine/fixer.hpp"

#include <algorithm>
#include <limits>

#include "rules/core/json_pointer.hpp"
#include "rules/core/yaml_writer.hpp"

namespace jobwarden::core {

using nlohmann::json;

namespace {

constexpr std::size_t npos = std::string::npos;

struct Edit {
  std::size_t offset = 0;
  std::size_t length = 0;
  std::string text;
};

struct DocumentPlan {
  std::shared_ptr<const Document> document;
  json fixed;
  bool reemit = false;
};

std::size_t next_line(const std::string& text, std::size_t offset, std::size_t limit) {
  auto nl = text.find('\n', offset);
  return nl == npos || nl >= limit ? limit : nl + 1;
}

bool is_document_marker(const std::string& text, std::size_t pos, std::size_t limit) {
  for (const char* marker : {"---", "..."}) {
    if (text.compare(pos, 3, marker) == 0) {
      std::size_t after = pos + 3;
      if (after >= limit || text[after] == ' ' || text[after] == '\n' || text[after] == '\r' ||
          text[after] == '\t') {
        return true;
      }
    }
  }
  return false;
}

// Where the document that starts at `root_offset` ends: the next `---`/`...` line or EOF.
std::size_t document_end(const std::string& text, std::size_t root_offset) {
  std::size_t pos = next_line(text, root_offset, text.size());
  while (pos < text.size()) {
    if (is_document_marker(text, pos, text.size())) return pos;
    pos = next_line(text, pos, text.size());
  }
  return text.size();
}

// The offset just after the last content line of the block mapping whose keys are indented by
// `indent` and whose first key is at `first_key_offset`. Trailing comments and blank lines are
// left outside: they usually introduce what follows.
std::size_t block_end(const std::string& text, std::size_t first_key_offset, std::size_t indent,
                      std::size_t limit) {
  std::size_t pos = next_line(text, first_key_offset, limit);
  std::size_t last_content_end = pos;
  while (pos < limit) {
    std::size_t end = next_line(text, pos, limit);
    std::size_t spaces = 0;
    while (pos + spaces < end && text[pos + spaces] == ' ') ++spaces;
    std::size_t first = pos + spaces;
    bool blank = first >= end || text[first] == '\n' || text[first] == '\r';
    if (!blank) {
      if (spaces == 0 && is_document_marker(text, pos, limit)) break;
      if (text[first] == '#') {
        if (spaces < indent) break;
      } else if (spaces >= indent) {
        last_content_end = end;
      } else {
        break;
      }
    }
    pos = end;
  }
  return last_content_end;
}

// End offset of the scalar starting at `offset`, written in `style`; npos when not handled.
std::size_t scalar_end(const std::string& text, std::size_t offset, NodeStyle style) {
  if (offset >= text.size()) return npos;
  if (style == NodeStyle::double_quoted) {
    for (std::size_t i = offset + 1; i < text.size(); ++i) {
      if (text[i] == '\\') {
        ++i;
      } else if (text[i] == '"') {
        return i + 1;
      }
    }
    return npos;
  }
  if (style == NodeStyle::single_quoted) {
    for (std::size_t i = offset + 1; i < text.size(); ++i) {
      if (text[i] == '\'') {
        if (i + 1 < text.size() && text[i + 1] == '\'') {
          ++i;
        } else {
          return i + 1;
        }
      }
    }
    return npos;
  }
  if (style == NodeStyle::plain) {
    std::size_t end = offset;
    while (end < text.size() && text[end] != '\n' && text[end] != '\r') {
      if (text[end] == '#' && end > offset && (text[end - 1] == ' ' || text[end - 1] == '\t'))
        break;
      ++end;
    }
    while (end > offset && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
    return end;
  }
  return npos;
}

// Removes one member of a block mapping: its key line and every line of its value (lines
// indented deeper than the key, or at the key's indentation for a "- " sequence under it).
// Comments above the key and blank lines after it stay. nullopt when the member is not on
// lines of its own or is the mapping's last member (an empty mapping cannot stay block style).
std::optional<Edit> remove_edit(const std::string& text, const Document& document,
                                const std::string& path, std::size_t limit) {
  const std::string parent = parent_pointer(path);
  const json* parent_value = find_at(document.value, parent);
  const SourceNode* parent_node = document.source.find(parent);
  const SourceNode* node = document.source.find(path);
  if (parent_value == nullptr || !parent_value->is_object() || parent_value->size() < 2 ||
      parent_node == nullptr || parent_node->style != NodeStyle::block || node == nullptr ||
      node->key_offset == npos || node->key.col < 1) {
    return std::nullopt;
  }
  const auto indent = static_cast<std::size_t>(node->key.col - 1);
  if (node->key_offset < indent) return std::nullopt;
  const std::size_t line_start = node->key_offset - indent;
  for (std::size_t i = line_start; i < node->key_offset; ++i) {
    if (text[i] != ' ') return std::nullopt;  // e.g. the first key after "- "
  }
  std::size_t end = next_line(text, node->key_offset, limit);
  for (std::size_t pos = end; pos < limit;) {
    const std::size_t line_end = next_line(text, pos, limit);
    std::size_t spaces = 0;
    while (pos + spaces < line_end && text[pos + spaces] == ' ') ++spaces;
    const std::size_t first = pos + spaces;
    const bool blank = first >= line_end || text[first] == '\n' || text[first] == '\r';
    if (!blank) {
      const bool sequence_item = spaces == indent && text[first] == '-' &&
                                 (first + 1 >= line_end || text[first + 1] == ' ' ||
                                  text[first + 1] == '\n' || text[first + 1] == '\r');
      if (spaces <= indent && !sequence_item) break;
      if (text[first] != '#') end = line_end;
    }
    pos = line_end;
  }
  return Edit{line_start, end - line_start, ""};
}

// Turns one diff op into a text edit, or returns nullopt when it cannot be done in place.
std::optional<Edit> edit_for(const std::string& text, const Document& document, const json& op,
                             const std::string& newline, std::size_t limit) {
  const std::string kind = op.at("op").get<std::string>();
  const std::string path = op.at("path").get<std::string>();
  if (kind == "add") {
    const std::string parent = parent_pointer(path);
    const json* parent_value = find_at(document.value, parent);
    const SourceNode* parent_node = document.source.find(parent);
    if (parent_value == nullptr || !parent_value->is_object() || parent_value->empty() ||
        parent_node == nullptr || parent_node->style != NodeStyle::block) {
      return std::nullopt;
    }
    std::size_t first_key = npos;
    int key_col = 0;
    for (const auto& [key, unused] : parent_value->items()) {
      const SourceNode* child = document.source.find(join_pointer(parent, key));
      if (child == nullptr || child->key_offset == npos) return std::nullopt;
      if (first_key == npos || child->key_offset < first_key) {
        first_key = child->key_offset;
        key_col = child->key.col;
      }
    }
    if (first_key == npos || key_col < 1) return std::nullopt;
    const auto indent = static_cast<std::size_t>(key_col - 1);
    std::size_t at = block_end(text, first_key, indent, limit);
    Edit edit{
        at, 0,
        yaml_member(split_pointer(path).back(), op.at("value"), static_cast<int>(indent), newline)};
    if (at > 0 && text[at - 1] != '\n') edit.text = newline + edit.text;
    return edit;
  }
  if (kind == "replace") {
    const json& value = op.at("value");
    const json* current = find_at(document.value, path);
    const SourceNode* node = document.source.find(path);
    if (value.is_structured() || current == nullptr || current->is_structured() ||
        node == nullptr || node->value_offset == npos) {
      return std::nullopt;
    }
    std::size_t end = scalar_end(text, node->value_offset, node->style);
    if (end == npos) return std::nullopt;
    return Edit{node->value_offset, end - node->value_offset, yaml_scalar(value)};
  }
  if (kind == "remove") return remove_edit(text, document, path, limit);
  return std::nullopt;  // move/copy: never produced by fixes
}

// `value` (found at `pointer` of the document) with every mapping's keys in source order: keys
// the document has by their offset, keys added by fixes after them (alphabetically), as the
// in-place edits append them.
nlohmann::ordered_json in_source_order(const json& value, const std::string& pointer,
                                       const SourceMap& source) {
  if (value.is_object()) {
    std::vector<std::pair<std::size_t, std::string>> keys;  // (offset, key); keys come sorted
    for (const auto& [key, member] : value.items()) {
      const SourceNode* node = source.find(join_pointer(pointer, key));
      keys.emplace_back(node != nullptr ? node->key_offset : npos, key);
    }
    std::stable_sort(keys.begin(), keys.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (const auto& [offset, key] : keys) {
      out[key] = in_source_order(value.at(key), join_pointer(pointer, key), source);
    }
    return out;
  }
  if (value.is_array()) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < value.size(); ++i) {
      out.push_back(in_source_order(value[i], join_pointer(pointer, std::to_string(i)), source));
    }
    return out;
  }
  return nlohmann::ordered_json(value);
}

// A JSON document in the layout of the original: on one line when it was, otherwise indented
// by the width of its first indented line (kubectl -o json uses 4, many tools 2).
std::string render_json_like(const nlohmann::ordered_json& value, std::string_view original,
                             const std::string& newline) {
  const std::size_t line_end = original.find('\n');
  if (line_end == std::string_view::npos) return value.dump();
  std::size_t width = 0;
  char fill = ' ';
  for (std::size_t i = line_end + 1; i < original.size(); ++i) {
    if (original[i] != ' ' && original[i] != '\t') break;
    fill = original[i];
    ++width;
  }
  std::string rendered = value.dump(static_cast<int>(width == 0 ? 2 : width), fill);
  if (newline == "\n") return rendered;
  std::string converted;
  for (char c : rendered) converted += c == '\n' ? newline : std::string(1, c);
  return converted;
}

// Replaces the whole document's content with a fresh rendering of `fixed`, keeping the
// document's key order (and, for JSON, its layout).
std::optional<Edit> reemit_edit(const std::string& text, const Document& document,
                                const json& fixed, const std::string& newline, std::size_t limit) {
  const SourceNode* root = document.source.find("");
  if (root == nullptr || root->value_offset == npos) return std::nullopt;
  std::size_t begin = root->value_offset;
  std::size_t end = limit;
  while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  const nlohmann::ordered_json ordered = in_source_order(fixed, "", document.source);
  std::string rendered;
  if (text[begin] == '{' || text[begin] == '[') {
    rendered =
        render_json_like(ordered, std::string_view(text).substr(begin, end - begin), newline);
  } else {
    rendered = yaml_document(ordered, newline);
    rendered.resize(rendered.size() - newline.size());
  }
  return Edit{begin, end - begin, std::move(rendered)};
}

// In-place edits when every diff op can be done in place; otherwise re-emits the document and
// records that in `plan.reemit`.
std::optional<std::vector<Edit>> plan_edits(const std::string& text, DocumentPlan& plan,
                                            const std::string& newline) {
  const SourceNode* root = plan.document->source.find("");
  if (root == nullptr || root->value_offset == npos) return std::nullopt;
  // Where this document's text ends, found once: every edit stays before it.
  const std::size_t limit = document_end(text, root->value_offset);
  std::vector<Edit> edits;
  if (!plan.reemit) {
    bool in_place = true;
    for (const auto& op : json::diff(plan.document->value, plan.fixed)) {
      auto edit = edit_for(text, *plan.document, op, newline, limit);
      if (!edit) {
        in_place = false;
        break;
      }
      edits.push_back(std::move(*edit));
    }
    if (in_place) return edits;
  }
  plan.reemit = true;
  auto whole = reemit_edit(text, *plan.document, plan.fixed, newline, limit);
  if (!whole) return std::nullopt;
  return std::vector<Edit>{std::move(*whole)};
}

// Builds the edited text in one pass. Edits go in offset order; several inserts at one offset
// come out in the reverse of their order in `edits` (the order the goldens record).
std::string apply_edits(const std::string& text, std::vector<Edit> edits) {
  std::stable_sort(edits.begin(), edits.end(),
                   [](const Edit& a, const Edit& b) { return a.offset > b.offset; });
  std::size_t size = text.size();
  for (const auto& edit : edits) size += edit.text.size();
  std::string out;
  out.reserve(size);
  std::size_t copied = 0;
  for (auto edit = edits.rbegin(); edit != edits.rend(); ++edit) {
    if (edit->offset < copied) continue;  // overlapping edits: the read-back check catches it
    out.append(text, copied, edit->offset - copied);
    out.append(edit->text);
    copied = edit->offset + edit->length;
  }
  out.append(text, copied, std::string::npos);
  return out;
}

}  // namespace

json fixed_object(const Engine& engine, const Manifest& manifest) {
  std::vector<Finding> findings;
  if (!engine.check(manifest, findings)) return manifest.object();
  return apply_fixes(manifest.object(), findings);
}

FileFix fix_source(const std::shared_ptr<const SourceFile>& file, const Engine& engine,
                   const LoadLimits& limits) {
  FileFix result;
  result.text = file->text;
  std::vector<std::shared_ptr<const Document>> documents;
  if (auto error = parse_documents(
          file, [&](std::shared_ptr<const Document> d) { documents.push_back(std::move(d)); },
          limits)) {
    result.error = std::move(error);
    return result;
  }

  std::vector<DocumentPlan> plans;
  std::vector<json> expected;  // every document's value after fixing, in stream order
  for (const auto& document : documents) {
    json fixed = document->value;
    std::size_t applied = 0;
    if (document->value.is_object()) {
      const IgnorePragmas pragmas = document_pragmas(*document);
      for (const Manifest& manifest : manifests_of(document)) {
        std::vector<Finding> findings;
        if (!engine.check(manifest, pragmas, findings)) continue;
        json object = apply_fixes(manifest.object(), findings);
        if (object == manifest.object()) continue;
        applied += static_cast<std::size_t>(std::count_if(
            findings.begin(), findings.end(), [](const Finding& f) { return f.fix.is_array(); }));
        if (manifest.base_pointer().empty()) {
          fixed = std::move(object);
        } else {
          fixed.at(json::json_pointer(manifest.base_pointer())) = std::move(object);
        }
      }
    }
    if (fixed != document->value) {
      plans.push_back(DocumentPlan{document, fixed, false});
      result.fixes_applied += applied;
    }
    expected.push_back(std::move(fixed));
  }
  if (plans.empty()) {
    result.documents = std::move(documents);
    return result;
  }

  const std::string newline = file->text.find("\r\n") != npos ? "\r\n" : "\n";
  // Two rounds: in-place edits first; documents whose edits do not read back are re-emitted.
  for (int round = 0; round < 2; ++round) {
    std::vector<Edit> edits;
    for (auto& plan : plans) {
      auto planned = plan_edits(file->text, plan, newline);
      if (!planned) {
        result.error = LoadError{file->path, {}, "cannot apply fixes to this document layout"};
        return result;
      }
      edits.insert(edits.end(), planned->begin(), planned->end());
    }
    std::string text = apply_edits(file->text, std::move(edits));

    std::vector<std::shared_ptr<const Document>> reread;
    auto edited = source_from_text(file->path, text);
    auto error = parse_documents(
        edited, [&](std::shared_ptr<const Document> d) { reread.push_back(std::move(d)); }, limits);
    bool all_good = !error && reread.size() == expected.size();
    for (auto& plan : plans) {
      auto index = static_cast<std::size_t>(
          std::find(documents.begin(), documents.end(), plan.document) - documents.begin());
      bool good = !error && index < reread.size() && reread[index]->value == expected[index];
      if (!good) {
        all_good = false;
        plan.reemit = true;
      }
    }
    if (all_good) {
      result.text = std::move(text);
      result.documents = std::move(reread);
      result.documents_changed = plans.size();
      for (const auto& plan : plans) {
        if (plan.reemit) {
          result.notes.push_back("document " + std::to_string(plan.document->index + 1) +
                                 " was re-emitted (flow style or JSON cannot be edited in place): "
                                 "key order kept, comments and layout inside it were not");
        }
      }
      return result;
    }
  }
  result.error = LoadError{file->path,
                           {},
                           "the fixed text does not read back as the fixed objects; "
                           "file left unchanged (please report this)"};
  return result;
}

}  // namespace jobwarden::core
