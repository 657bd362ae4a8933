// The Helm chart: `helm lint` and `helm template`, with the rendered objects parsed by the
// project's own YAML loader and their key fields checked exactly.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>
#include <string>

#include "rules/core/json_pointer.hpp"
#include "rules/core/loader.hpp"
#include "tests/support/scratch.hpp"

using nlohmann::json;

namespace {

const std::string kChart = std::string(JOBWARDEN_SOURCE_DIR) + "/charts/jobwarden";

int run(const std::string& command, std::string& output) {
  return jobwarden::testing::run_command(command, &output);
}

// The chart tests need helm; scripts/test.sh installs it (scripts/install-test-tools.sh), so a
// missing helm is a failure, not a skip.
void require_helm() {
  std::string output;
  const int status = run("helm version --short", output);
  INFO("helm version: " << output);
  REQUIRE(status == 0);
}

// kind/name -> object
std::map<std::string, json> render(const std::string& flags) {
  std::string output;
  int status = run("helm template rel '" + kChart + "' --namespace jobwarden " + flags, output);
  INFO(output);
  REQUIRE(status == 0);
  std::map<std::string, json> objects;
  auto file = jobwarden::core::source_from_text("rendered.yaml", output);
  auto error = jobwarden::core::parse_documents(
      file, [&](std::shared_ptr<const jobwarden::core::Document> document) {
        const json& object = document->value;
        if (!object.is_object()) return;
        objects[object.value("kind", "") + "/" + object["metadata"].value("name", "")] = object;
      });
  REQUIRE(!error);
  return objects;
}

const json& at(const json& object, const std::string& pointer) {
  const json* node = jobwarden::core::find_at(object, pointer);
  INFO(pointer);
  REQUIRE(node != nullptr);
  return *node;
}

void check_webhook(const json& configuration, const std::string& name, const std::string& path,
                   bool expect_ca_bundle) {
  const json& webhook = at(configuration, "/webhooks/0");
  CHECK(webhook["name"] == name);
  CHECK(webhook["admissionReviewVersions"] == json({"v1", "v1beta1"}));
  CHECK(webhook["sideEffects"] == "None");
  CHECK(webhook["failurePolicy"] == "Fail");
  CHECK(webhook["timeoutSeconds"] == 5);
  CHECK(webhook["matchPolicy"] == "Equivalent");
  CHECK(
      webhook["clientConfig"]["service"] ==
      json({{"name", "rel-jobwarden"}, {"namespace", "jobwarden"}, {"path", path}, {"port", 443}}));
  CHECK(webhook["clientConfig"].contains("caBundle") == expect_ca_bundle);
  CHECK(webhook["rules"] == json::parse(R"([{"apiGroups":["batch"],"apiVersions":["v1"],
      "operations":["CREATE","UPDATE"],"resources":["jobs","cronjobs"],"scope":"Namespaced"}])"));
  CHECK(webhook["namespaceSelector"] == json::parse(R"({"matchExpressions":[
      {"key":"kubernetes.io/metadata.name","operator":"NotIn","values":["jobwarden","kube-system"]}]})"));
}

}  // namespace

TEST_CASE("chart: helm lint passes", "[chart]") {
  require_helm();
  std::string output;
  CHECK(run("helm lint '" + kChart + "'", output) == 0);
  INFO(output);
  CHECK(output.find("0 chart(s) failed") != std::string::npos);
  CHECK(run("helm lint '" + kChart + "' --set certManager.enabled=true", output) == 0);
}

TEST_CASE("chart: default values render a working install with a generated certificate",
          "[chart]") {
  require_helm();
  auto objects = render("");
  CHECK(objects.size() == 6);
  REQUIRE(objects.count("Deployment/rel-jobwarden"));
  const json& deployment = objects["Deployment/rel-jobwarden"];
  const json& pod = at(deployment, "/spec/template/spec");
  const json& container = at(pod, "/containers/0");
  CHECK(container["image"] == "jobwarden:0.1.0");
  CHECK(container["args"] ==
        json({"serve", "--tls-cert=/etc/jobwarden/tls/tls.crt",
              "--tls-key=/etc/jobwarden/tls/tls.key",
              "--config=/etc/jobwarden/config/jobwarden.yaml", "--addr=0.0.0.0:8443",
              "--metrics-addr=0.0.0.0:9090", "--reload-interval=1s", "--shutdown-grace=25s"}));
  CHECK(container["livenessProbe"]["httpGet"] ==
        json({{"path", "/healthz"}, {"port", "https"}, {"scheme", "HTTPS"}}));
  CHECK(container["readinessProbe"]["httpGet"] ==
        json({{"path", "/readyz"}, {"port", "https"}, {"scheme", "HTTPS"}}));
  CHECK(container["securityContext"]["readOnlyRootFilesystem"] == true);
  CHECK(container["securityContext"]["allowPrivilegeEscalation"] == false);
  CHECK(pod["securityContext"]["runAsNonRoot"] == true);
  CHECK(pod["volumes"] == json::parse(R"([
      {"name":"tls","secret":{"secretName":"rel-jobwarden-tls"}},
      {"name":"config","configMap":{"name":"rel-jobwarden"}}])"));

  const json& service = objects["Service/rel-jobwarden"];
  CHECK(at(service, "/spec/ports") == json::parse(R"([
      {"name":"https","port":443,"targetPort":"https","protocol":"TCP"},
      {"name":"metrics","port":9090,"targetPort":"metrics","protocol":"TCP"}])"));

  // The ConfigMap holds a .jobwarden.yaml the loader reads.
  const std::string config_text = at(objects["ConfigMap/rel-jobwarden"], "/data/jobwarden.yaml");
  json config;
  jobwarden::core::parse_documents(
      jobwarden::core::source_from_text("jobwarden.yaml", config_text),
      [&](std::shared_ptr<const jobwarden::core::Document> document) { config = document->value; });
  CHECK(config["webhook"]["mode"] == "enforce");
  CHECK(config["webhook"]["allowCronJobOwnedJobs"] == true);

  REQUIRE(objects.count("Secret/rel-jobwarden-tls"));
  const json& secret = objects["Secret/rel-jobwarden-tls"];
  CHECK(secret["type"] == "kubernetes.io/tls");
  const std::string ca = at(secret, "/data/ca.crt");
  REQUIRE(objects.count("ValidatingWebhookConfiguration/rel-jobwarden"));
  REQUIRE(objects.count("MutatingWebhookConfiguration/rel-jobwarden"));
  const json& validating = objects["ValidatingWebhookConfiguration/rel-jobwarden"];
  const json& mutating = objects["MutatingWebhookConfiguration/rel-jobwarden"];
  check_webhook(validating, "validate.jobwarden.io", "/validate", true);
  check_webhook(mutating, "mutate.jobwarden.io", "/mutate", true);
  CHECK(at(validating, "/webhooks/0/clientConfig/caBundle") == ca);
  CHECK(at(mutating, "/webhooks/0/clientConfig/caBundle") == ca);
  CHECK(at(mutating, "/webhooks/0/reinvocationPolicy") == "IfNeeded");
  CHECK(!at(validating, "/webhooks/0").contains("reinvocationPolicy"));
}

TEST_CASE("chart: cert-manager issues the certificate and injects the CA", "[chart]") {
  require_helm();
  auto objects = render("--set certManager.enabled=true --set webhook.failurePolicy=Fail");
  CHECK(objects.count("Secret/rel-jobwarden-tls") == 0);
  REQUIRE(objects.count("Certificate/rel-jobwarden"));
  const json& certificate = objects["Certificate/rel-jobwarden"];
  CHECK(certificate["apiVersion"] == "cert-manager.io/v1");
  CHECK(at(certificate, "/spec/secretName") == "rel-jobwarden-tls");
  CHECK(at(certificate, "/spec/dnsNames") ==
        json({"rel-jobwarden.jobwarden.svc", "rel-jobwarden.jobwarden.svc.cluster.local"}));
  CHECK(at(certificate, "/spec/issuerRef") ==
        json({{"name", "rel-jobwarden-selfsigned"}, {"kind", "Issuer"}}));
  REQUIRE(objects.count("Issuer/rel-jobwarden-selfsigned"));
  for (const char* kind : {"ValidatingWebhookConfiguration", "MutatingWebhookConfiguration"}) {
    const json& configuration = objects[std::string(kind) + "/rel-jobwarden"];
    CHECK(at(configuration, "/metadata/annotations/cert-manager.io~1inject-ca-from") ==
          "jobwarden/rel-jobwarden");
    check_webhook(
        configuration,
        std::string(kind).find("Validating") == 0 ? "validate.jobwarden.io" : "mutate.jobwarden.io",
        std::string(kind).find("Validating") == 0 ? "/validate" : "/mutate", false);
  }
}

TEST_CASE("chart: an existing Secret needs its CA bundle; values reach the objects", "[chart]") {
  require_helm();
  std::string output;
  CHECK(run("helm template rel '" + kChart + "' --set tls.secretName=mine", output) != 0);
  CHECK(output.find("tls.caBundle is required when tls.secretName is set") != std::string::npos);
  auto objects = render(
      "--set tls.secretName=mine --set tls.caBundle=Q0E= --set webhook.failurePolicy=Ignore "
      "--set webhook.timeoutSeconds=3 --set config.webhook.mode=warn");
  CHECK(objects.count("Secret/mine") == 0);
  const json& validating = objects["ValidatingWebhookConfiguration/rel-jobwarden"];
  CHECK(at(validating, "/webhooks/0/clientConfig/caBundle") == "Q0E=");
  CHECK(at(validating, "/webhooks/0/failurePolicy") == "Ignore");
  CHECK(at(validating, "/webhooks/0/timeoutSeconds") == 3);
  CHECK(at(objects["Deployment/rel-jobwarden"],
           "/spec/template/spec/volumes/0/secret/secretName") == "mine");
  CHECK(at(objects["ConfigMap/rel-jobwarden"], "/data/jobwarden.yaml")
            .get<std::string>()
            .find("mode: warn") != std::string::npos);
}
