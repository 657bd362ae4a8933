#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rules/core/source_map.hpp"

namespace jobwarden::core {

// One input file (or stdin, named "-" / "<stdin>"), shared by every document parsed from it.
struct SourceFile {
  std::string path;  // as given by the user; "<stdin>" for standard input
  std::string text;  // the exact bytes read (needed by `lint --fix` for text edits)
};

// One YAML/JSON document of a stream.
struct Document {
  std::shared_ptr<const SourceFile> file;  // null for objects that did not come from a file
  std::size_t index = 0;                   // 0-based position in the stream
  nlohmann::json value;                    // the document as Kubernetes would read it
  SourceMap source;                        // pointers are relative to `value`
  Position start;                          // first line of the document's content
  std::size_t begin_offset = 0;            // byte range of the document in file->text
  int begin_line = 1;                      // 1-based line of begin_offset
  std::size_t end_offset = 0;
};

// Identifies an object in messages: "Job default/pi".
struct ObjectRef {
  std::string api_version;
  std::string kind;
  std::string namespace_name;   // empty when not set
  std::string name;             // empty when not set (generateName)
  std::string display() const;  // "Job pi", "CronJob ns/hello"
  friend bool operator==(const ObjectRef&, const ObjectRef&) = default;
};

// One Kubernetes object to check: a whole document, or one item of a `kind: List` document.
class Manifest {
 public:
  Manifest(std::shared_ptr<const Document> document, std::string base_pointer);
  // An object without a source file (webhook): positions are unknown.
  static Manifest from_object(nlohmann::json object);
  // The same without the copy: `object` is the caller's and must outlive the Manifest.
  static Manifest borrow(const nlohmann::json& object);

  const nlohmann::json& object() const { return *object_; }
  const ObjectRef& ref() const { return ref_; }
  const Document& document() const { return *document_; }
  std::shared_ptr<const Document> document_ptr() const { return document_; }
  // "" for a whole document, "/items/3" for a List item; prefix of every source-map lookup.
  const std::string& base_pointer() const { return base_; }
  // Position of `pointer` (relative to object()) in the file, nearest existing parent if absent.
  Position locate(std::string_view pointer) const;
  // The file path, or "" when the object did not come from a file.
  std::string file_path() const;
  bool is_job() const { return ref_.kind == "Job"; }
  bool is_cronjob() const { return ref_.kind == "CronJob"; }

 private:
  std::shared_ptr<const Document> document_;
  std::string base_;
  const nlohmann::json* object_ = nullptr;
  ObjectRef ref_;
};

ObjectRef object_ref(const nlohmann::json& object);

// Expands a document into the objects to check: the document itself, or every item of a
// List (`kind: List` or any `*List` kind with an `items` array). Objects of other kinds are
// returned too; the engine decides what it checks.
std::vector<Manifest> manifests_of(const std::shared_ptr<const Document>& document);

}  // namespace jobwarden::core
