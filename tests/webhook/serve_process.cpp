#include "tests/webhook/serve_process.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "tests/support/scratch.hpp"
#include "tests/webhook/tls_support.hpp"

namespace jobwarden::testing {

using namespace std::chrono_literals;

int free_loopback_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  int port = ntohs(address.sin_port);
  ::close(fd);
  return port;
}

int wait_for_exit(pid_t pid, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) return status;
    if (std::chrono::steady_clock::now() >= deadline) return -1;
    std::this_thread::sleep_for(5ms);
  }
}

int tcp_connect(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  int yes = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
  return fd;
}

void raise_open_files() {
  rlimit limit{};
  ::getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max;
  ::setrlimit(RLIMIT_NOFILE, &limit);
}

ServeProcess::ServeProcess(std::string dir, std::vector<std::string> flags) : dir_(std::move(dir)) {
  if (!std::filesystem::exists(dir_ + "/tls.crt")) make_serving_cert(dir_, "tls", "5005");
  port_ = free_loopback_port();
  metrics_port_ = free_loopback_port();
  std::vector<std::string> args = {JOBWARDEN_BINARY,
                                   "serve",
                                   "--tls-cert=" + dir_ + "/tls.crt",
                                   "--tls-key=" + dir_ + "/tls.key",
                                   "--addr=127.0.0.1:" + std::to_string(port_),
                                   "--metrics-addr=127.0.0.1:" + std::to_string(metrics_port_)};
  args.insert(args.end(), flags.begin(), flags.end());
  const std::string log_path = dir_ + "/serve.log";
  pid_ = ::fork();
  if (pid_ == 0) {
    int fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    ::execv(JOBWARDEN_BINARY, argv.data());
    ::_exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (std::chrono::steady_clock::now() < deadline) {
    if (wait_for_exit(pid_, 0ms) != -1) {
      exited_ = true;
      return;
    }
    TlsClient probe(ca());
    if (!probe.connect(port_)) {
      started_ = true;
      return;
    }
    std::this_thread::sleep_for(20ms);
  }
}

ServeProcess::~ServeProcess() {
  if (pid_ > 0 && !exited_ && wait_for_exit(pid_, 0ms) == -1) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
}

std::string ServeProcess::log() const {
  return read_file(dir_ + "/serve.log");
}

std::size_t ServeProcess::status_field(const char* name) const {
  std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
  const std::string prefix = std::string(name) + ":";
  for (std::string line; std::getline(status, line);) {
    if (line.rfind(prefix, 0) == 0) return std::stoul(line.substr(prefix.size()));
  }
  return 0;
}

std::size_t ServeProcess::rss_kib() const {
  return status_field("VmRSS");
}

std::size_t ServeProcess::peak_rss_kib() const {
  return status_field("VmHWM");
}

int ServeProcess::terminate(std::chrono::milliseconds limit) {
  ::kill(pid_, SIGTERM);
  const int status = wait_for_exit(pid_, limit);
  if (status != -1) exited_ = true;
  return status;
}

}  // namespace jobwarden::testing
