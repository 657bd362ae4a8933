#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace jobwarden::core {

// Minimal block-style YAML rendering of JSON values, for the text edits of `lint --fix` and for
// re-emitting a document that cannot be edited in place. Output reads back (with the loader) as
// the same JSON value: strings that would be typed otherwise ("3", "true", "") are quoted.
// Values are ordered_json so that a re-emitted document keeps the key order of its source.

// A scalar as it would be written after "key: ". Precondition: !value.is_structured().
std::string yaml_scalar(const nlohmann::ordered_json& value);
// "key: value" lines (or "key:" + nested block) at `indent` spaces, each ending in `newline`.
std::string yaml_member(const std::string& key, const nlohmann::ordered_json& value, int indent,
                        const std::string& newline);
// A whole value as a block document (mapping/sequence at column 1), ending in `newline`.
std::string yaml_document(const nlohmann::ordered_json& value, const std::string& newline);

}  // namespace jobwarden::core
