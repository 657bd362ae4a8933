#pragma once

#include <string_view>

// The pieces of the image reference grammar of github.com/distribution/reference
// (reference.go), each matched whole, by hand: std::regex was the slowest part of the engine
// (tests/k8s/image_grammar_test.cpp checks these against the grammar's regular expressions).
namespace jobwarden::k8s::grammar {

// domainAndPort: dot-separated labels of [a-zA-Z0-9] with inner '-', or a bracketed IPv6
// address [a-fA-F0-9:]+; then an optional :port of digits.
bool is_domain(std::string_view text);
// pathComponent: [a-z0-9]+ runs joined by '.', '_', '__' or one or more '-'.
bool is_path_component(std::string_view text);
// tag: [\w][\w.-]{0,127}
bool is_tag(std::string_view text);
// digest: [A-Za-z][A-Za-z0-9]*([-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}
bool is_digest(std::string_view text);

}  // namespace jobwarden::k8s::grammar
