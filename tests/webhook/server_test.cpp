// The webhook over real TLS on loopback, called the way the kube-apiserver calls it.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <thread>

#include "rules/core/loader.hpp"
#include "rules/engine/fixer.hpp"
#include "rules/k8s/workload.hpp"
#include "tests/webhook/serve_process.hpp"
#include "tests/webhook/tls_support.hpp"
#include "tests/webhook/webhook_fixtures.hpp"
#include "webhook/admission.hpp"
#include "webhook/server.hpp"

using nlohmann::json;
using namespace jobwarden::testing;
using namespace std::chrono_literals;
namespace fs = std::filesystem;
using jobwarden::webhook::Server;
using jobwarden::webhook::ServerOptions;

namespace {

const bool kIgnoreSigpipe = [] {
  ::signal(SIGPIPE, SIG_IGN);
  return true;
}();

// Secret files laid out the way kubelet projects a Secret volume: tls.crt -> ..data/tls.crt,
// ..data -> ..vN. A new version is swapped in with one rename of the ..data symlink.
class ProjectedSecret {
 public:
  explicit ProjectedSecret(std::string dir) : dir_(std::move(dir)) { fs::create_directories(dir_); }
  void publish(const std::string& cert_file, const std::string& key_file) {
    const std::string version = "..v" + std::to_string(++version_);
    fs::create_directories(dir_ + "/" + version);
    fs::copy_file(cert_file, dir_ + "/" + version + "/tls.crt");
    fs::copy_file(key_file, dir_ + "/" + version + "/tls.key");
    fs::remove(dir_ + "/..data_tmp");
    fs::create_directory_symlink(version, dir_ + "/..data_tmp");
    fs::rename(dir_ + "/..data_tmp", dir_ + "/..data");  // atomic swap
    if (!fs::is_symlink(dir_ + "/tls.crt")) {
      fs::create_symlink("..data/tls.crt", dir_ + "/tls.crt");
      fs::create_symlink("..data/tls.key", dir_ + "/tls.key");
    }
  }
  std::string cert() const { return dir_ + "/tls.crt"; }
  std::string key() const { return dir_ + "/tls.key"; }

 private:
  std::string dir_;
  int version_ = 0;
};

struct Harness {
  TempDir temp;
  std::string dir = temp.path().string();
  ProjectedSecret secret{dir + "/secret"};
  std::string config_path;
  std::string log_path = dir + "/server.log";
  std::ofstream log_stream{log_path};
  std::unique_ptr<Server> server;

  explicit Harness(const std::string& config_text = "") {
    make_serving_cert(dir, "tls1", "1001");
    secret.publish(dir + "/tls1.crt", dir + "/tls1.key");
    if (!config_text.empty()) {
      config_path = dir + "/config/.jobwarden.yaml";
      fs::create_directories(dir + "/config");
      write_file(config_path, config_text);
    }
    ServerOptions options;
    options.cert_path = secret.cert();
    options.key_path = secret.key();
    options.config_path = config_path;
    options.host = "127.0.0.1";
    options.port = 0;
    options.metrics_host = "127.0.0.1";
    options.metrics_port = 0;
    options.reload_interval = 50ms;
    options.connections.idle_timeout = 2s;
    options.threads = 4;
    options.log = &log_stream;
    server = std::make_unique<Server>(options);
    auto error = server->start();
    INFO(error.value_or(""));
    REQUIRE(!error);
  }
  ~Harness() { server.reset(); }

  std::string ca() const { return dir + "/ca.crt"; }
  int port() const { return server->port(); }
  std::string metrics() const {
    auto response = http_get(server->metrics_port(), "/metrics");
    return response ? response->body : std::string();
  }
  // Replaces the config file atomically (write + rename), as a ConfigMap update does.
  void replace_config(const std::string& text) {
    write_file(config_path + ".tmp", text);
    fs::rename(config_path + ".tmp", config_path);
  }
};

const std::string kTtlWarning =
    "[job-missing-ttl] /spec: ttlSecondsAfterFinished is not set: the finished Job and its pods "
    "are never deleted and pile up";
const std::string kRestartWarning =
    "[job-restart-policy-always] /spec/template/spec/restartPolicy: restartPolicy Always is not "
    "allowed in a Job pod templat\xE2\x80\xA6";
const std::string kRestartDenial =
    "jobwarden denied Job default/pi: [job-restart-policy-always] "
    "/spec/template/spec/restartPolicy: restartPolicy Always is not allowed in a Job pod "
    "template: the API server rejects the Job (valid values: OnFailure, Never) (hint: Set "
    "restartPolicy: Never (or OnFailure to restart failed containers in place))";

// POSTs a review; requires HTTP 200 with application/json and returns the parsed body.
json call(TlsClient& client, const std::string& path, const json& body) {
  auto response = client.post(path + "?timeout=10s", body.dump());
  INFO(client.error());
  REQUIRE(response);
  INFO(response->body);
  REQUIRE(response->status == 200);
  CHECK(response->headers["content-type"].rfind("application/json", 0) == 0);
  return response->json();
}

json allow_response(const std::string& api_version = "admission.k8s.io/v1",
                    const std::string& uid = "705ab4f5-6393-11e8-b7cc-42010a800002") {
  return {{"apiVersion", api_version},
          {"kind", "AdmissionReview"},
          {"response", {{"uid", uid}, {"allowed", true}}}};
}

// Waits (bounded) until `condition` holds.
template <typename F>
bool eventually(F condition, std::chrono::milliseconds limit = 10s) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(20ms);
  }
  return condition();
}

bool python_jsonpatch(std::string& python) {
  for (const char* candidate : {"/usr/bin/python3", "python3"}) {
    if (run_command(std::string(candidate) + " -c 'import jsonpatch'") == 0) {
      python = candidate;
      return true;
    }
  }
  return false;
}

}  // namespace

TEST_CASE("webhook over TLS: handshake as the API server does it", "[webhook][tls]") {
  Harness h;
  TlsClient client(h.ca());
  auto error = client.connect(h.port());
  INFO(error.value_or(""));
  REQUIRE(!error);
  CHECK(client.alpn() == "http/1.1");
  CHECK(client.peer_serial() == "1001");

  auto health = client.request("GET", "/healthz", "", "");
  REQUIRE(health);
  CHECK(health->status == 200);
  CHECK(health->body == "ok\n");
  auto ready = client.request("GET", "/readyz", "", "");
  REQUIRE(ready);
  CHECK(ready->status == 200);

  // The certificate is for jobwarden.jobwarden.svc only.
  TlsClient wrong_name(h.ca(), "other.jobwarden.svc");
  CHECK(wrong_name.connect(h.port()));
}

TEST_CASE("webhook over TLS: admission decisions", "[webhook][tls]") {
  Harness h;
  TlsClient client(h.ca());
  REQUIRE(!client.connect(h.port()));

  SECTION("good Job allowed, on one keep-alive connection") {
    for (int i = 0; i < 20; ++i) {
      CHECK(call(client, "/validate", review("CREATE", good_job())) == allow_response());
      CHECK(client.connected());
    }
  }
  SECTION("bad Job denied with 422, exact message and warnings") {
    json expected = {{"apiVersion", "admission.k8s.io/v1"},
                     {"kind", "AdmissionReview"},
                     {"response",
                      {{"uid", "705ab4f5-6393-11e8-b7cc-42010a800002"},
                       {"allowed", false},
                       {"status",
                        {{"code", 422},
                         {"reason", "Invalid"},
                         {"status", "Failure"},
                         {"message", kRestartDenial}}},
                       {"warnings", {kTtlWarning}}}}};
    CHECK(call(client, "/validate", review("CREATE", bad_job())) == expected);
  }
  SECTION("warnings only: allowed with exact warnings") {
    json job = good_job();
    job["spec"].erase("ttlSecondsAfterFinished");
    json expected = allow_response();
    expected["response"]["warnings"] = {kTtlWarning};
    CHECK(call(client, "/validate", review("CREATE", job)) == expected);
  }
  SECTION("CronJob") {
    CHECK(call(client, "/validate", review("CREATE", good_cronjob())) == allow_response());
    json cronjob = good_cronjob();
    cronjob["spec"]["jobTemplate"]["spec"]["template"]["spec"]["restartPolicy"] = "Always";
    json response = call(client, "/validate", review("CREATE", cronjob));
    CHECK(response["response"]["allowed"] == false);
    CHECK(response["response"]["status"]["code"] == 422);
  }
  SECTION("DELETE, status subresource and other kinds are allowed untouched") {
    CHECK(call(client, "/validate", review("DELETE", nullptr, bad_job())) == allow_response());
    CHECK(call(client, "/mutate", review("DELETE", nullptr, bad_job())) == allow_response());
    json status = review("UPDATE", bad_job(), bad_job());
    status["request"]["subResource"] = "status";
    CHECK(call(client, "/validate", status) == allow_response());
    json pod =
        review("CREATE", {{"apiVersion", "v1"}, {"kind", "Pod"}, {"metadata", {{"name", "p"}}}});
    pod["request"]["kind"] = {{"group", ""}, {"version", "v1"}, {"kind", "Pod"}};
    CHECK(call(client, "/validate", pod) == allow_response());
  }
  SECTION("UPDATE ratcheting") {
    json old_job = bad_job();
    json suspended = old_job;
    suspended["spec"]["suspend"] = true;
    json expected = allow_response();
    expected["response"]["warnings"] = {kTtlWarning, kRestartWarning};
    CHECK(call(client, "/validate", review("UPDATE", suspended, old_job)) == expected);
    json broken = good_job();
    broken["spec"]["template"]["spec"]["restartPolicy"] = "Always";
    json response = call(client, "/validate", review("UPDATE", broken, good_job()));
    CHECK(response["response"]["allowed"] == false);
    CHECK(response["response"]["status"]["code"] == 422);
  }
  SECTION("dryRun gets the same answer") {
    json body = review("CREATE", bad_job());
    json dry = body;
    dry["request"]["dryRun"] = true;
    CHECK(call(client, "/validate", dry) == call(client, "/validate", body));
  }
  SECTION("v1beta1 is answered in v1beta1") {
    json body = review("CREATE", bad_job(), nullptr, "admission.k8s.io/v1beta1");
    json response = call(client, "/validate", body);
    CHECK(response["apiVersion"] == "admission.k8s.io/v1beta1");
    CHECK(response["kind"] == "AdmissionReview");
    CHECK(response["response"]["uid"] == "705ab4f5-6393-11e8-b7cc-42010a800002");
    CHECK(response["response"]["allowed"] == false);
    CHECK(call(client, "/validate",
               review("CREATE", good_job(), nullptr, "admission.k8s.io/v1beta1")) ==
          allow_response("admission.k8s.io/v1beta1"));
  }
  SECTION("the official AdmissionReview fixture gets a well-formed answer") {
    json fixture =
        json::parse(read_file(std::string(JOBWARDEN_SOURCE_DIR) +
                              "/tests/webhook/data/admission.k8s.io.v1.AdmissionReview.json"));
    for (const char* path : {"/validate", "/mutate"}) {
      CHECK(call(client, path, fixture) == allow_response("admission.k8s.io/v1", "uidValue"));
    }
  }
  SECTION("healthz keeps answering between reviews") {
    auto response = client.request("GET", "/healthz", "", "");
    REQUIRE(response);
    CHECK(response->status == 200);
  }
}

TEST_CASE("webhook over TLS: mutate patch applied by python jsonpatch", "[webhook][tls]") {
  std::string python;
  if (!python_jsonpatch(python)) {
    FAIL(
        "python3 with the jsonpatch module is required (scripts/install-test-tools.sh installs "
        "python3-jsonpatch)");
  }
  Harness h;
  TlsClient client(h.ca());
  REQUIRE(!client.connect(h.port()));

  json job = good_job();
  job["spec"].erase("ttlSecondsAfterFinished");
  job["spec"].erase("activeDeadlineSeconds");
  job["spec"].erase("backoffLimit");
  job["spec"]["completions"] = 5;
  job["metadata"]["labels"]["app.kubernetes.io/name"] = "pi";  // a key that needs ~1 escaping
  json response = call(client, "/mutate", review("CREATE", job));
  REQUIRE(response["response"]["allowed"] == true);
  REQUIRE(response["response"]["patchType"] == "JSONPatch");
  auto patch_text =
      jobwarden::webhook::base64_decode(response["response"]["patch"].get<std::string>());
  REQUIRE(patch_text);
  json patch = json::parse(*patch_text);
  REQUIRE(patch.is_array());

  write_file(h.dir + "/object.json", job.dump());
  write_file(h.dir + "/patch.json", *patch_text);
  std::string output;
  int status = run_command(python +
                               " -c 'import json,sys,jsonpatch; o=json.load(open(sys.argv[1])); "
                               "p=jsonpatch.JsonPatch(json.load(open(sys.argv[2]))); "
                               "print(json.dumps(p.apply(o)))' '" +
                               h.dir + "/object.json' '" + h.dir + "/patch.json'",
                           &output);
  INFO(output);
  REQUIRE(status == 0);
  json patched = json::parse(output);
  json expected = job;
  expected["spec"]["ttlSecondsAfterFinished"] = 86400;
  expected["spec"]["activeDeadlineSeconds"] = 86400;
  expected["spec"]["backoffLimit"] = 3;
  expected["spec"]["parallelism"] = 5;
  CHECK(patched == expected);

  // The patched object passes /validate with no findings left to fix.
  CHECK(call(client, "/validate", review("CREATE", patched)) == allow_response());
  // Reinvocation: no patch the second time.
  CHECK(call(client, "/mutate", review("CREATE", patched)) == allow_response());
}

TEST_CASE("webhook over TLS: malformed requests get exact statuses; serving continues",
          "[webhook][tls]") {
  Harness h;
  const std::string good = review("CREATE", good_job()).dump();
  json object_string = review("CREATE", good_job());
  object_string["request"]["object"] = "a Job";
  json no_request = {{"apiVersion", "admission.k8s.io/v1"}, {"kind", "AdmissionReview"}};
  std::string big = review("CREATE", good_job()).dump();
  big.insert(big.size() - 1,
             std::string(",\"pad\":\"") + std::string(10 * 1024 * 1024, 'x') + "\"");
  std::string deep(100000, '[');
  deep += std::string(100000, ']');
  std::string invalid_utf8 = good;
  invalid_utf8.replace(invalid_utf8.find("\"pi\""), 4, "\"\xC3\x28\"");

  struct Case {
    const char* name;
    std::string content_type;
    std::string body;
    int status;
    std::string reason_prefix;
  };
  const std::vector<Case> cases = {
      {"empty body", "application/json", "", 400, "empty body"},
      {"not JSON", "application/json", "hello", 400, "body is not valid JSON"},
      {"JSON array", "application/json", "[1,2]", 400,
       "body must be a JSON object (an AdmissionReview), got an array"},
      {"10 MB body", "application/json", big, 413, "request body is larger than the limit"},
      {"wrong Content-Type", "text/plain", good, 415, "Content-Type must be application/json"},
      {"missing request", "application/json", no_request.dump(), 400,
       "AdmissionReview has no request"},
      {"object of the wrong type", "application/json", object_string.dump(), 400,
       "request.object must be an object, got a string"},
      {"100,000-deep nesting", "application/json", deep, 400, "JSON nesting is deeper than 512"},
      {"invalid UTF-8", "application/json", invalid_utf8, 400, "body is not valid UTF-8"},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    TlsClient client(h.ca());
    REQUIRE(!client.connect(h.port()));
    auto response = client.post("/validate?timeout=10s", c.body, c.content_type);
    INFO(client.error());
    REQUIRE(response);
    CHECK(response->status == c.status);
    CHECK(response->body.rfind(c.reason_prefix, 0) == 0);
    // The server keeps serving.
    TlsClient after(h.ca());
    REQUIRE(!after.connect(h.port()));
    CHECK(call(after, "/validate", json::parse(good)) == allow_response());
  }
  const std::string metrics = h.metrics();
  CHECK(metrics.find("jobwarden_admission_requests_total{endpoint=\"validate\",decision=\"error\","
                     "code=\"400\"} 7") != std::string::npos);
  CHECK(metrics.find("jobwarden_admission_requests_total{endpoint=\"validate\",decision=\"error\","
                     "code=\"413\"} 1") != std::string::npos);
  CHECK(metrics.find("jobwarden_admission_requests_total{endpoint=\"validate\",decision=\"error\","
                     "code=\"415\"} 1") != std::string::npos);
}

TEST_CASE("webhook: metrics and decision log lines", "[webhook][tls]") {
  Harness h;
  {
    TlsClient client(h.ca());
    REQUIRE(!client.connect(h.port()));
    call(client, "/validate", review("CREATE", bad_job()));
    call(client, "/validate", review("CREATE", good_job()));
    call(client, "/mutate", review("CREATE", bad_job()));
  }
  const std::string metrics = h.metrics();
  INFO(metrics);
  for (const char* line :
       {"jobwarden_admission_requests_total{endpoint=\"validate\",decision=\"deny\",code=\"200\"} "
        "1",
        "jobwarden_admission_requests_total{endpoint=\"validate\",decision=\"allow\",code=\"200\"} "
        "1",
        "jobwarden_admission_requests_total{endpoint=\"mutate\",decision=\"patch\",code=\"200\"} 1",
        "jobwarden_admission_request_duration_seconds_count{endpoint=\"validate\"} 2",
        "jobwarden_admission_request_duration_seconds_bucket{endpoint=\"validate\",le=\"+Inf\"} 2",
        "jobwarden_findings_total{rule=\"job-restart-policy-always\",severity=\"error\"} 1",
        "jobwarden_findings_total{rule=\"job-missing-ttl\",severity=\"warning\"} 1",
        "jobwarden_config_reload_failures_total 0", "jobwarden_certificate_reloads_total 0",
        "# TYPE jobwarden_admission_request_duration_seconds histogram"}) {
    CHECK(metrics.find(line) != std::string::npos);
  }
  h.server.reset();  // flushes and stops: the log is complete
  std::ifstream log(h.log_path);
  std::vector<json> lines;
  for (std::string line; std::getline(log, line);) lines.push_back(json::parse(line));
  REQUIRE(lines.size() >= 5);
  CHECK(lines.front()["msg"] == "starting");
  CHECK(lines.back()["msg"] == "stopped");
  json denied;
  for (const auto& line : lines) {
    if (line.value("msg", "") == "admission" && line.value("decision", "") == "deny") denied = line;
  }
  REQUIRE(denied.is_object());
  CHECK(denied["uid"] == "705ab4f5-6393-11e8-b7cc-42010a800002");
  CHECK(denied["operation"] == "CREATE");
  CHECK(denied["kind"] == "Job");
  CHECK(denied["namespace"] == "default");
  CHECK(denied["name"] == "pi");
  CHECK(denied["rules"] == json({"job-missing-ttl", "job-restart-policy-always"}));
  CHECK(denied["denied_by"] == json({"job-restart-policy-always"}));
  CHECK(denied["latency_ms"].is_number());
}

TEST_CASE("webhook: certificate rotation under continuous requests", "[webhook][tls]") {
  Harness h;
  make_serving_cert(h.dir, "tls2", "2002");
  std::atomic<bool> stop{false};
  std::atomic<int> ok{0};
  std::atomic<int> failed{0};
  std::mutex serials_mutex;
  std::vector<std::string> serials;  // per request, in order
  const std::string body = review("CREATE", good_job()).dump();
  std::thread hammer([&] {
    TlsClient client(h.ca());
    for (int i = 0; i < 20000 && !stop; ++i) {
      client.close();  // a new connection (and handshake) every time
      auto error = client.connect(h.port());
      std::string serial = client.peer_serial();
      auto response = error ? std::nullopt : client.post("/validate?timeout=10s", body);
      if (response && response->status == 200 && response->json()["response"]["allowed"] == true) {
        ++ok;
        std::lock_guard lock(serials_mutex);
        serials.push_back(serial);
      } else {
        ++failed;
      }
    }
  });
  auto count_serial = [&](const std::string& serial) {
    std::lock_guard lock(serials_mutex);
    return std::count(serials.begin(), serials.end(), serial);
  };
  CHECK(eventually([&] { return ok.load() >= 20; }));
  h.secret.publish(h.dir + "/tls2.crt", h.dir + "/tls2.key");  // kubelet-style symlink swap
  CHECK(eventually([&] { return count_serial("2002") >= 20; }));
  // A broken new pair (key of another certificate) is refused; the current one stays.
  h.secret.publish(h.dir + "/tls1.crt", h.dir + "/tls2.key");
  CHECK(eventually([&] {
    return h.metrics().find("jobwarden_certificate_reload_failures_total 1") != std::string::npos;
  }));
  const int before = ok.load();
  CHECK(eventually([&] { return ok.load() >= before + 20; }));
  stop = true;
  hammer.join();
  CHECK(failed.load() == 0);
  CHECK(ok.load() > 60);
  {
    std::lock_guard lock(serials_mutex);
    REQUIRE(!serials.empty());
    CHECK(serials.front() == "1001");
    CHECK(serials.back() == "2002");
    // Once the new certificate was served, the old one never came back.
    auto first_new = std::find(serials.begin(), serials.end(), "2002");
    CHECK(std::find(first_new, serials.end(), "1001") == serials.end());
  }
  CHECK(h.server->tls().serial_hex() == "2002");
  CHECK(h.metrics().find("jobwarden_certificate_reloads_total 1") != std::string::npos);
}

TEST_CASE("webhook: config hot reload keeps the last good config", "[webhook][tls]") {
  Harness h("webhook:\n  mode: enforce\n");
  TlsClient client(h.ca());
  REQUIRE(!client.connect(h.port()));
  auto decision = [&] {
    return call(client, "/validate", review("CREATE", bad_job()))["response"]["allowed"];
  };
  CHECK(decision() == false);

  h.replace_config("webhook:\n  mode: enforce\n  bogus: 1\n");  // unknown key: invalid
  CHECK(eventually([&] {
    return h.metrics().find("jobwarden_config_reload_failures_total 1") != std::string::npos;
  }));
  CHECK(decision() == false);  // still the old config
  CHECK(h.server->policy()->config.webhook.mode == jobwarden::core::WebhookMode::enforce);

  h.replace_config("webhook:\n  mode: warn\n");
  CHECK(eventually(
      [&] { return h.metrics().find("jobwarden_config_reloads_total 1") != std::string::npos; }));
  CHECK(decision() == true);
  json response = call(client, "/validate", review("CREATE", bad_job()));
  CHECK(response["response"]["warnings"] == json({kTtlWarning, kRestartWarning}));
}

TEST_CASE("jobwarden serve: SIGTERM during a slow request completes it and exits 0",
          "[webhook][tls][process]") {
  TempDir temp;
  const std::string dir = temp.path().string();
  make_serving_cert(dir, "tls", "3003");
  const int port = free_loopback_port();
  const std::string log_path = dir + "/serve.log";
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    int fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    const std::string addr = "--addr=127.0.0.1:" + std::to_string(port);
    const std::string cert = "--tls-cert=" + dir + "/tls.crt";
    const std::string key = "--tls-key=" + dir + "/tls.key";
    ::execl(JOBWARDEN_BINARY, JOBWARDEN_BINARY, "serve", cert.c_str(), key.c_str(), addr.c_str(),
            "--metrics-addr=off", "--shutdown-grace=20s", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  struct Reaper {
    pid_t pid;
    ~Reaper() {
      if (wait_for_exit(pid, 0ms) == -1) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, nullptr, 0);
      }
    }
  } reaper{pid};

  TlsClient client(dir + "/ca.crt");
  REQUIRE(eventually([&] { return !client.connect(port).has_value(); }));

  // A large valid review (about 1 MiB), sent slowly.
  json job = good_job();
  job["metadata"]["annotations"] = {{"note", std::string(1 << 20, 'n')}};
  const std::string body = review("CREATE", job).dump();
  const std::string head =
      "POST /validate?timeout=10s HTTP/1.1\r\nHost: jobwarden.jobwarden.svc\r\n"
      "Content-Type: application/json\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n\r\n";
  REQUIRE(client.send_raw(head));
  const std::size_t chunk = body.size() / 8;
  REQUIRE(client.send_raw(std::string_view(body).substr(0, chunk)));
  std::this_thread::sleep_for(200ms);
  REQUIRE(::kill(pid, SIGTERM) == 0);
  std::this_thread::sleep_for(300ms);
  CHECK(wait_for_exit(pid, 0ms) == -1);  // still running: a request is in flight
  // New connections are refused once the signal arrived.
  TlsClient late(dir + "/ca.crt");
  CHECK(late.connect(port).has_value());
  for (std::size_t offset = chunk; offset < body.size(); offset += chunk) {
    REQUIRE(client.send_raw(std::string_view(body).substr(offset, chunk)));
    std::this_thread::sleep_for(50ms);
  }
  auto response = client.read_response();
  INFO(client.error());
  REQUIRE(response);
  CHECK(response->status == 200);
  CHECK(response->json() == allow_response());
  client.close();

  const int status = wait_for_exit(pid, 15s);
  REQUIRE(status != -1);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  const std::string log = read_file(log_path);
  INFO(log);
  CHECK(log.find("\"msg\":\"signal received\"") != std::string::npos);
  CHECK(log.find("\"msg\":\"stopped\"") != std::string::npos);
  // Allowed requests without findings are logged at debug only (not at the default info).
  CHECK(log.find("\"decision\":\"allow\"") == std::string::npos);
}

TEST_CASE("jobwarden serve: usage errors exit 2", "[webhook][process]") {
  std::string output;
  CHECK(run_command(std::string(JOBWARDEN_BINARY) + " serve --tls-key k", &output) == 2);
  CHECK(output.find("jobwarden serve: --tls-cert is required") != std::string::npos);
  CHECK(run_command(std::string(JOBWARDEN_BINARY) + " serve --tls-cert c --tls-key k --addr nope",
                    &output) == 2);
  CHECK(output.find("--addr: expected HOST:PORT, got \"nope\"") != std::string::npos);
  CHECK(run_command(std::string(JOBWARDEN_BINARY) + " serve --bogus", &output) == 2);
  CHECK(run_command(std::string(JOBWARDEN_BINARY) + " serve --help", &output) == 0);
  CHECK(output.rfind("Usage: jobwarden serve --tls-cert FILE --tls-key FILE", 0) == 0);
  // A missing certificate is a start-up failure, not a usage error.
  CHECK(run_command(std::string(JOBWARDEN_BINARY) +
                        " serve --tls-cert /nonexistent.crt --tls-key /nonexistent.key "
                        "--addr 127.0.0.1:0 --metrics-addr off",
                    &output) == 1);
  CHECK(output.find("cannot load the TLS certificate: /nonexistent.crt: cannot read the "
                    "certificate") != std::string::npos);
}

TEST_CASE("fix parity through the real endpoint: /mutate patch == lint --fix, every fixture",
          "[webhook][tls][fix]") {
  // For every rule fixture folder (with its config), each Job/CronJob document of every bad file
  // is sent to /mutate over TLS; the returned patch applied to the object must give exactly the
  // object `lint --fix` writes for that document. CronJob-owned Jobs take the webhook's fast path
  // (allowed untouched, by design), so they are left out.
  namespace core = jobwarden::core;
  namespace k8s = jobwarden::k8s;
  const fs::path root = fs::path(JOBWARDEN_SOURCE_DIR) / "tests" / "rules";
  std::size_t compared = 0;
  for (const auto& folder : fs::directory_iterator(root)) {
    if (!folder.is_directory()) continue;
    const fs::path config_file = folder.path() / "config.yaml";
    const std::string config_text = fs::exists(config_file) ? read_file(config_file.string()) : "";
    Harness h(config_text);
    core::ConfigResult config =
        core::parse_config(core::source_from_text("config.yaml", config_text));
    REQUIRE_FALSE(config.error.has_value());
    const core::Engine engine(config.config);
    TlsClient client(h.ca());
    REQUIRE(!client.connect(h.port()));
    for (const auto& entry : fs::directory_iterator(folder.path())) {
      const std::string name = entry.path().filename().string();
      if (name.rfind("bad", 0) != 0 || !name.ends_with(".yaml") || name.ends_with(".fixed.yaml")) {
        continue;
      }
      const std::string text = read_file(entry.path().string());
      core::FileFix fixed = core::fix_source(core::source_from_text(name, text), engine);
      REQUIRE_FALSE(fixed.error.has_value());
      std::vector<json> before, after;
      core::parse_documents(
          core::source_from_text(name, text),
          [&](std::shared_ptr<const core::Document> d) { before.push_back(d->value); });
      core::parse_documents(
          core::source_from_text(name, fixed.text),
          [&](std::shared_ptr<const core::Document> d) { after.push_back(d->value); });
      REQUIRE(before.size() == after.size());
      for (std::size_t i = 0; i < before.size(); ++i) {
        if (!core::Engine::is_checked_kind(before[i]) || k8s::is_owned_by_cronjob(before[i])) {
          continue;
        }
        INFO(folder.path().filename().string() << "/" << name << " document " << i + 1);
        json response = call(client, "/mutate", review("CREATE", before[i]));
        REQUIRE(response["response"]["allowed"] == true);
        json mutated = before[i];
        if (response["response"].contains("patch")) {
          auto patch =
              jobwarden::webhook::base64_decode(response["response"]["patch"].get<std::string>());
          REQUIRE(patch);
          mutated = before[i].patch(json::parse(*patch));
        }
        CHECK(mutated == after[i]);
        ++compared;
      }
    }
  }
  CHECK(compared > 100);
}
