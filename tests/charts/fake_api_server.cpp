#include "tests/charts/fake_api_server.hpp"

#include <httplib.h>

#include <algorithm>
#include <stdexcept>

#include "tests/support/scratch.hpp"

namespace jobwarden::testing {

using nlohmann::json;

namespace {

struct Resource {
  std::string group;  // "" for the core group
  std::string version;
  std::string plural;
  std::string kind;
  bool namespaced;
};

// Every kind the chart can render (and the Namespace kubectl asks about).
const std::vector<Resource>& resources() {
  static const std::vector<Resource> table = {
      {"", "v1", "namespaces", "Namespace", false},
      {"", "v1", "secrets", "Secret", true},
      {"", "v1", "configmaps", "ConfigMap", true},
      {"", "v1", "services", "Service", true},
      {"", "v1", "serviceaccounts", "ServiceAccount", true},
      {"apps", "v1", "deployments", "Deployment", true},
      {"policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true},
      {"autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", true},
      {"networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", true},
      {"admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations",
       "ValidatingWebhookConfiguration", false},
      {"admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations",
       "MutatingWebhookConfiguration", false},
      {"cert-manager.io", "v1", "issuers", "Issuer", true},
      {"cert-manager.io", "v1", "certificates", "Certificate", true},
      {"monitoring.coreos.com", "v1", "servicemonitors", "ServiceMonitor", true},
  };
  return table;
}

std::string group_version(const Resource& r) {
  return r.group.empty() ? r.version : r.group + "/" + r.version;
}

json resource_list(const std::string& gv) {
  json list = {{"kind", "APIResourceList"},
               {"apiVersion", "v1"},
               {"groupVersion", gv},
               {"resources", json::array()}};
  for (const auto& r : resources()) {
    if (group_version(r) != gv) continue;
    list["resources"].push_back(
        {{"name", r.plural},
         {"singularName", ""},
         {"namespaced", r.namespaced},
         {"kind", r.kind},
         {"verbs", {"create", "delete", "get", "list", "patch", "update"}}});
  }
  return list;
}

json group_list() {
  json groups = json::array();
  std::vector<std::string> seen;
  for (const auto& r : resources()) {
    if (r.group.empty()) continue;
    const std::string gv = group_version(r);
    if (std::find(seen.begin(), seen.end(), gv) != seen.end()) continue;
    seen.push_back(gv);
    json version = {{"groupVersion", gv}, {"version", r.version}};
    groups.push_back({{"name", r.group}, {"versions", {version}}, {"preferredVersion", version}});
  }
  return {{"kind", "APIGroupList"}, {"apiVersion", "v1"}, {"groups", groups}};
}

std::string rest_path(const json& object) {
  const std::string api_version = object.value("apiVersion", "");
  const std::string kind = object.value("kind", "");
  for (const auto& r : resources()) {
    if (group_version(r) != api_version || r.kind != kind) continue;
    std::string path = r.group.empty() ? "/api/v1" : "/apis/" + group_version(r);
    if (r.namespaced) path += "/namespaces/" + object["metadata"].value("namespace", "default");
    return path + "/" + r.plural + "/" + object["metadata"].value("name", "");
  }
  throw std::invalid_argument("FakeApiServer: no resource for " + api_version + " " + kind);
}

}  // namespace

FakeApiServer::FakeApiServer() : server_(std::make_unique<httplib::Server>()) {
  server_->Get(".*", [this](const httplib::Request& request, httplib::Response& response) {
    std::lock_guard<std::mutex> lock(mutex_);
    requests_.push_back(request.path);
    const std::string& path = request.path;
    json body;
    if (path == "/version") {
      body = {
          {"major", "1"}, {"minor", "31"}, {"gitVersion", "v1.31.0"}, {"platform", "linux/amd64"}};
    } else if (path == "/api") {
      body = {{"kind", "APIVersions"}, {"versions", {"v1"}}};
    } else if (path == "/apis") {
      body = group_list();
    } else if (path == "/api/v1") {
      body = resource_list("v1");
    } else if (path.rfind("/apis/", 0) == 0 && std::count(path.begin(), path.end(), '/') == 3) {
      body = resource_list(path.substr(6));
      if (body["resources"].empty()) body = nullptr;
    } else if (auto it = objects_.find(path); it != objects_.end()) {
      body = it->second;
    }
    if (body.is_null()) {
      response.status = 404;
      body = {{"kind", "Status"},     {"apiVersion", "v1"}, {"status", "Failure"},
              {"reason", "NotFound"}, {"code", 404},        {"message", path + " not found"}};
    }
    response.set_content(body.dump(), "application/json");
  });
  port_ = server_->bind_to_any_port("127.0.0.1");
  if (port_ <= 0) throw std::runtime_error("FakeApiServer: cannot bind a loopback port");
  // bind_to_any_port() also listens: connections made before the thread runs wait in the backlog.
  thread_ = std::thread([this] { server_->listen_after_bind(); });
}

FakeApiServer::~FakeApiServer() {
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

void FakeApiServer::add_object(const json& object) {
  std::lock_guard<std::mutex> lock(mutex_);
  objects_[rest_path(object)] = object;
}

void FakeApiServer::write_kubeconfig(const std::string& path) const {
  write_file(path,
             "apiVersion: v1\nkind: Config\n"
             "clusters: [{name: fake, cluster: {server: \"http://127.0.0.1:" +
                 std::to_string(port_) +
                 "\"}}]\n"
                 "users: [{name: tester, user: {}}]\n"
                 "contexts: [{name: fake, context: {cluster: fake, user: tester, "
                 "namespace: jobwarden}}]\n"
                 "current-context: fake\n");
}

std::vector<std::string> FakeApiServer::requested_paths() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_;
}

}  // namespace jobwarden::testing
