#pragma once

#include <string>
#include <string_view>
#include <vector>

// Small ASCII string helpers shared by the rules/k8s parsers and the checks.
namespace jobwarden::k8s {

// ASCII whitespace as Go's strings.Fields and the image checks understand it.
inline constexpr std::string_view kWhitespace = " \t\r\n\v\f";

// Go's strings.Split with one separator: "a,,b" -> {"a", "", "b"}; "" -> {""}.
std::vector<std::string_view> split(std::string_view text, char separator);

// ASCII lower case (other bytes unchanged).
std::string lower(std::string_view text);

}  // namespace jobwarden::k8s
