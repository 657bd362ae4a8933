#pragma once

#include <string>
#include <vector>

#include "rules/core/load_error.hpp"

namespace jobwarden::core {

// Expands command-line paths: files as given; directories recursively, keeping files named
// *.yaml, *.yml or *.json, in sorted order; "-" stays "-". Missing paths become errors.
std::vector<std::string> expand_paths(const std::vector<std::string>& paths,
                                      std::vector<LoadError>& errors);

}  // namespace jobwarden::core
