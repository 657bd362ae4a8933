#include "tests/charts/chart_support.hpp"

#include <catch2/catch.hpp>

#include "rules/core/json_pointer.hpp"
#include "rules/core/loader.hpp"
#include "tests/support/scratch.hpp"

namespace jobwarden::testing::chart {

using nlohmann::json;

void require_helm() {
  std::string output;
  const int helm = run_command("helm version --short", &output);
  INFO("helm version: " << output);
  REQUIRE(helm == 0);
  const int kubectl = run_command("kubectl version --client", &output);
  INFO("kubectl version --client: " << output);
  REQUIRE(kubectl == 0);
}

std::vector<json> parse_objects(const std::string& text) {
  std::vector<json> objects;
  auto file = core::source_from_text("rendered.yaml", text);
  auto error = core::parse_documents(file, [&](std::shared_ptr<const core::Document> document) {
    if (document->value.is_object()) objects.push_back(document->value);
  });
  REQUIRE(!error);
  return objects;
}

std::string render_text(const std::string& flags) {
  std::string output;
  const int status =
      run_command("helm template rel '" + kChart + "' --namespace jobwarden " + flags, &output);
  INFO(output);
  REQUIRE(status == 0);
  return output;
}

std::map<std::string, json> render(const std::string& flags) {
  std::map<std::string, json> objects;
  for (auto& object : parse_objects(render_text(flags))) {
    const std::string key = object.value("kind", "") + "/" + object["metadata"].value("name", "");
    objects[key] = std::move(object);
  }
  return objects;
}

const json& at(const json& object, const std::string& pointer) {
  const json* node = core::find_at(object, pointer);
  INFO(pointer << " in " << object.dump());
  REQUIRE(node != nullptr);
  return *node;
}

}  // namespace jobwarden::testing::chart
