// The CEL cost estimate of the exported policy (see policy.hpp: estimate_cost).
#include <cctype>
#include <string>
#include <vector>

#include "rules/vap/policy.hpp"

namespace jobwarden::vap {

// Counts CEL tokens (identifiers, literals, operators): an upper bound of the AST nodes, each of
// which costs one unit at run time in cel-go, except where cel-go charges more: string functions
// (and Kubernetes' quantity parsing) and `+` (string concatenation) cost by length (0.1 per
// character) and are charged 1 + maxStringLength/10 here; list and map literals 10 and 30
// (cel-go's creation base costs); the Kubernetes list functions sum/max/min one per element.
// Tokens inside a comprehension macro (all, exists, exists_one, map, filter) are charged once
// per element plus 2 per element for the loop itself, with every list assumed to hold at most
// `list_bound` elements (maps of annotations too), except a list literal, whose size is known
// (`[x].map(v, ...)` binds v once).
long long estimate_cost(const std::string& text, int list_bound) {
  static const std::vector<std::string> kMacros = {"all", "exists", "exists_one", "map", "filter"};
  static const std::vector<std::string> kStringFunctions = {
      "matches", "startsWith",  "endsWith",  "contains", "join",       "split",
      "indexOf", "lastIndexOf", "substring", "replace",  "lowerAscii", "upperAscii",
      "trim",    "size",        "string",    "quantity", "isQuantity"};
  static const std::vector<std::string> kListFunctions = {"sum", "max", "min"};
  const auto is_one_of = [](const std::vector<std::string>& names, const std::string& word) {
    return std::find(names.begin(), names.end(), word) != names.end();
  };
  std::vector<long long> multipliers = {1};  // one per open paren: the factor inside it
  // Open brackets of every kind, to count the elements of list literals.
  struct Open {
    char bracket;
    bool literal = false;  // '[' starting a list literal (not an index)
    long long commas = 0;
    bool empty = true;
  };
  std::vector<Open> open;
  long long literal_size = -1;  // the list literal just closed, until the token after its '.'
  long long total = 0;
  std::size_t i = 0;
  bool pending_macro = false;
  long long pending_bound = list_bound;
  char previous = 0;  // the previous non-space character
  while (i < text.size()) {
    const char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    if (!open.empty() && c != ']' && c != ')' && c != '}') open.back().empty = false;
    if (c != '.' && c != ']') {
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_') || previous != '.') {
        literal_size = -1;
      }
    }
    const long long factor = multipliers.back();
    if (c == '\'' || c == '"') {  // string literal: one node
      const char quote = c;
      ++i;
      while (i < text.size() && text[i] != quote) i += text[i] == '\\' ? 2 : 1;
      ++i;
      total += factor;
      previous = quote;
      continue;
    }
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
      std::size_t start = i;
      while (i < text.size() &&
             (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '_'))
        ++i;
      const std::string word = text.substr(start, i - start);
      const bool call = i < text.size() && text[i] == '(';
      const bool method = start > 0 && text[start - 1] == '.';
      total += factor;
      if (call && is_one_of(kStringFunctions, word)) total += factor * (kMaxStringLength / 10);
      if (call && method && is_one_of(kListFunctions, word)) total += factor * list_bound;
      pending_macro = call && method && is_one_of(kMacros, word);
      pending_bound =
          literal_size >= 0 ? std::min<long long>(literal_size, list_bound) : list_bound;
      literal_size = -1;
      previous = text[i - 1];
      continue;
    }
    previous = c;
    if (c == '(') {
      if (pending_macro) total += factor * pending_bound * 2;
      multipliers.push_back(pending_macro ? factor * pending_bound : factor);
      open.push_back({'('});
      pending_macro = false;
      ++i;
      continue;
    }
    if (c == ')') {
      if (multipliers.size() > 1) multipliers.pop_back();
      if (!open.empty()) open.pop_back();
      ++i;
      continue;
    }
    pending_macro = false;
    // Operators (one node each), concatenation, literals of lists and maps; punctuation is free.
    if (c == '+') {
      total += factor * (1 + kMaxStringLength / 10);
    } else if (c == '[') {
      total += factor * 10;
      const std::size_t before = text.find_last_not_of(" \t\n", i == 0 ? 0 : i - 1);
      const char left = i == 0 || before == std::string::npos ? 0 : text[before];
      const bool index = std::isalnum(static_cast<unsigned char>(left)) || left == '_' ||
                         left == ')' || left == ']';
      open.push_back({'[', !index});
    } else if (c == ']') {
      if (!open.empty()) {
        const Open closed = open.back();
        open.pop_back();
        if (closed.literal) literal_size = closed.empty ? 0 : closed.commas + 1;
      }
    } else if (c == '{') {
      total += factor * 30;
      open.push_back({'{'});
    } else if (c == '}') {
      if (!open.empty()) open.pop_back();
    } else if (c == ',') {
      if (!open.empty()) ++open.back().commas;
    } else if (std::string_view(":?").find(c) == std::string_view::npos && c != '.') {
      total += factor;
    }
    ++i;
  }
  return total;
}

}  // namespace jobwarden::vap
