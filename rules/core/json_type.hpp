#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace jobwarden::core {

// The type of a JSON value as messages name it, in the words of Kubernetes' OpenAPI validation
// ("must be of type array"): "null", "a boolean", "an integer", "a number", "a string",
// "an array", "an object". One wording for the config, the loader, the engine and the webhook.
std::string json_type_name(const nlohmann::json& value);

}  // namespace jobwarden::core
