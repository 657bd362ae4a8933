// A target that is not released yet (1.38) is noted by every command that chooses a version:
// lint (tests/rules/fidelity_test.cpp), export vap, and serve (its start-up log).
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "tests/support/scratch.hpp"
#include "tests/webhook/serve_process.hpp"

namespace {

const std::string kNote =
    "note: Kubernetes 1.38 is not released yet: jobwarden checks it as its development branch "
    "stood (fields and rejections of 1.37 plus the changes known so far)";

}  // namespace

TEST_CASE("export vap --kube-version 1.38 prints the not-released note", "[vap][kube-version]") {
  const auto result = jobwarden::testing::run_shell(std::string("'") + JOBWARDEN_BINARY +
                                                    "' export vap --kube-version 1.38");
  CHECK(result.code == 0);
  CHECK(result.out.find("kind: ValidatingAdmissionPolicy") != std::string::npos);
  REQUIRE(result.err == "jobwarden: " + kNote + "\n");
  // A released target: no note.
  REQUIRE(jobwarden::testing::run_shell(std::string("'") + JOBWARDEN_BINARY +
                                        "' export vap --kube-version 1.37")
              .err.empty());
}

TEST_CASE("serve with kubeVersion 1.38 logs the not-released note at start-up",
          "[webhook][process][kube-version]") {
  using namespace std::chrono_literals;
  jobwarden::testing::TempDir temp;
  const std::string config = temp.write("config.yaml", "kubeVersion: \"1.38\"\n");
  jobwarden::testing::ServeProcess server(temp.path().string(), {"--config=" + config});
  REQUIRE(server.started());
  CHECK(server.terminate(10s) == 0);
  const std::string log = server.log();
  INFO(log);
  REQUIRE(log.find("\"msg\":\"" + kNote + "\"") != std::string::npos);
}
