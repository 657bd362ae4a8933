#pragma once

#include <string>
#include <string_view>

#include "rules/core/text.hpp"

// Small ASCII string helpers shared by the rules/k8s parsers and the checks.
namespace jobwarden::k8s {

using core::kWhitespace;
using core::split;

// ASCII lower case (other bytes unchanged).
std::string lower(std::string_view text);

}  // namespace jobwarden::k8s
