#pragma once

// What the chart tests share: the chart's path, `helm template` parsed by the project's own
// loader, and a JSON-pointer lookup that fails the test when the field is missing.

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace jobwarden::testing::chart {

inline const std::string kChart = std::string(JOBWARDEN_SOURCE_DIR) + "/charts/jobwarden";

// The chart tests need helm (and kubectl); scripts/test.sh installs them
// (scripts/install-test-tools.sh -> scripts/install-helm.sh), so a missing one is a failure.
void require_helm();

// Every YAML document of `text` that is an object, in order.
std::vector<nlohmann::json> parse_objects(const std::string& text);

// `helm template rel <chart> --namespace jobwarden <flags>`: REQUIREs success; the objects by
// "Kind/name".
std::map<std::string, nlohmann::json> render(const std::string& flags);
// The same, the raw manifest text.
std::string render_text(const std::string& flags);

const nlohmann::json& at(const nlohmann::json& object, const std::string& pointer);

}  // namespace jobwarden::testing::chart
