#include "rules/core/manifest.hpp"

#include "rules/core/json_pointer.hpp"

namespace jobwarden::core {

namespace {

std::string string_at(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) return {};
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

bool is_list_kind(const nlohmann::json& value) {
  if (!value.is_object()) return false;
  auto kind = string_at(value, "kind");
  auto items = value.find("items");
  return kind.size() >= 4 && kind.ends_with("List") && items != value.end() && items->is_array();
}

}  // namespace

std::string ObjectRef::display() const {
  std::string out = kind.empty() ? std::string("object") : kind;
  if (!name.empty() || !namespace_name.empty()) {
    out += ' ';
    if (!namespace_name.empty()) out += namespace_name + "/";
    out += name.empty() ? std::string("<unnamed>") : name;
  }
  return out;
}

ObjectRef object_ref(const nlohmann::json& object) {
  ObjectRef ref;
  ref.api_version = string_at(object, "apiVersion");
  ref.kind = string_at(object, "kind");
  if (object.is_object()) {
    auto metadata = object.find("metadata");
    if (metadata != object.end() && metadata->is_object()) {
      ref.name = string_at(*metadata, "name");
      if (ref.name.empty()) ref.name = string_at(*metadata, "generateName");
      ref.namespace_name = string_at(*metadata, "namespace");
    }
  }
  return ref;
}

Manifest::Manifest(std::shared_ptr<const Document> document, std::string base_pointer)
    : document_(std::move(document)), base_(std::move(base_pointer)) {
  static const nlohmann::json kNull;
  object_ = find_at(document_->value, base_);
  if (object_ == nullptr) object_ = &kNull;
  ref_ = object_ref(*object_);
}

Manifest Manifest::from_object(nlohmann::json object) {
  auto document = std::make_shared<Document>();
  document->value = std::move(object);
  return Manifest(std::move(document), "");
}

Manifest Manifest::borrow(const nlohmann::json& object) {
  static const auto kNoDocument = std::make_shared<const Document>();
  Manifest manifest(kNoDocument, "");
  manifest.object_ = &object;
  manifest.ref_ = object_ref(object);
  return manifest;
}

Position Manifest::locate(std::string_view pointer) const {
  if (document_->source.empty()) return {};
  return document_->source.locate(base_ + std::string(pointer));
}

std::string Manifest::file_path() const {
  return document_->file ? document_->file->path : "";
}

std::vector<Manifest> manifests_of(const std::shared_ptr<const Document>& document) {
  std::vector<Manifest> out;
  if (is_list_kind(document->value)) {
    const auto& items = document->value["items"];
    out.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
      out.emplace_back(document, join_pointer("/items", i));
    }
  } else {
    out.emplace_back(document, "");
  }
  return out;
}

}  // namespace jobwarden::core
