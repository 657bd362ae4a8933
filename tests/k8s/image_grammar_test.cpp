// The hand-written matchers of the image reference grammar against the regular expressions of
// github.com/distribution/reference (reference.go) they replace: the same verdict on hand-picked
// edge cases and on 50,000 random strings per piece.
#include <catch2/catch.hpp>

#include <random>
#include <regex>
#include <string>

#include "rules/k8s/image_grammar.hpp"

namespace {

using namespace jobwarden::k8s::grammar;

const std::regex kDomain(
    R"((?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?)");
const std::regex kPathComponent(R"([a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*)");
const std::regex kTag(R"([\w][\w.-]{0,127})");
const std::regex kDigest(R"([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})");

// Random strings of up to `max_length` characters of `alphabet`.
std::string random_text(std::mt19937& random, const std::string& alphabet, std::size_t max_length) {
  std::uniform_int_distribution<std::size_t> length(0, max_length);
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::string text(length(random), ' ');
  for (char& c : text) c = alphabet[pick(random)];
  return text;
}

template <typename Matcher, typename Generator>
void agree(const std::regex& oracle, Matcher matcher, Generator generate,
           const std::vector<std::string>& cases) {
  for (const auto& text : cases) {
    INFO("\"" << text << "\"");
    REQUIRE(matcher(text) == std::regex_match(text, oracle));
  }
  std::mt19937 random(20261201);
  std::size_t matched = 0;
  for (int n = 0; n < 50000; ++n) {
    const std::string text = generate(random);
    const bool expected = std::regex_match(text, oracle);
    matched += expected ? 1 : 0;
    INFO("\"" << text << "\"");
    REQUIRE(matcher(text) == expected);
  }
  CHECK(matched > 100);  // the random strings reach both verdicts
  CHECK(matched < 49900);
}

auto from(std::string alphabet, std::size_t max_length) {
  return [=](std::mt19937& random) { return random_text(random, alphabet, max_length); };
}

}  // namespace

TEST_CASE("image grammar: domain", "[k8s][image]") {
  agree(kDomain, is_domain, from("ab0-.:[]Z9", 8),
        {"",
         "a",
         "a-b",
         "-a",
         "a-",
         "a.b",
         "a..b",
         ".a",
         "a.",
         "a:1",
         "a:",
         ":1",
         "a:b:1",
         "[::1]",
         "[::1]:5000",
         "[]",
         "[g]",
         "[::1",
         "localhost:5000",
         "a.b-c.d:80"});
}

TEST_CASE("image grammar: path component", "[k8s][image]") {
  agree(kPathComponent, is_path_component, from("ab0._-A", 8),
        {"", "a", "a.b", "a..b", "a_b", "a__b", "a___b", "a-b", "a---b", "a.", "_a", "a-", "A",
         "a._b"});
}

TEST_CASE("image grammar: tag", "[k8s][image]") {
  agree(kTag, is_tag, from("aZ0_.-:", 10),
        {"", "a", ".a", "-a", "_a", "a.b-c", std::string(128, 'a'), std::string(129, 'a'), "a:b"});
}

TEST_CASE("image grammar: digest", "[k8s][image]") {
  const std::string hex32(32, 'a');
  // An algorithm, a colon and 30 to 34 mostly hex digits: near the grammar's edges.
  const auto digests = [](std::mt19937& random) {
    std::string value = random_text(random, "0af9F", 34);
    if (value.size() < 30) value += std::string(30 - value.size(), 'a');
    if (random() % 20 == 0) value[random() % value.size()] = 'g';
    return random_text(random, "aZ0-_+.", 6) + (random() % 20 == 0 ? "" : ":") + value;
  };
  agree(kDigest, is_digest, digests,
        {"", "sha256:" + hex32, "sha256:" + hex32.substr(1), "sha256+b64:" + hex32,
         "sha-256:" + hex32, "-sha:" + hex32, "sha--x:" + hex32, "sha.:" + hex32, "1sha:" + hex32,
         "sha256:" + hex32 + "g", ":" + hex32, "sha256" + hex32});
}
