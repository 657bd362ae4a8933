#pragma once

// A Kubernetes API server as far as helm and kubectl need one to render and dry-run the chart:
// plain HTTP on loopback, /version, discovery (/api, /apis and each group/version's resource
// list for the kinds the chart renders) and GET of the objects given to it; any other path is a
// NotFound Status. It records every request path, so a test can show that a lookup happened.

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

namespace httplib {
class Server;
}

namespace jobwarden::testing {

class FakeApiServer {
 public:
  FakeApiServer();  // listens on a free loopback port
  ~FakeApiServer();
  FakeApiServer(const FakeApiServer&) = delete;
  FakeApiServer& operator=(const FakeApiServer&) = delete;

  // Serves `object` at its REST path (from apiVersion, kind, namespace and name).
  void add_object(const nlohmann::json& object);
  // A kubeconfig (written to `path`) whose current context points here, namespace jobwarden.
  void write_kubeconfig(const std::string& path) const;
  std::vector<std::string> requested_paths() const;
  int port() const { return port_; }

 private:
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mutex_;
  std::map<std::string, nlohmann::json> objects_;  // REST path -> object
  std::vector<std::string> requests_;
};

}  // namespace jobwarden::testing
