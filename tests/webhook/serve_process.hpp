#pragma once

// `jobwarden serve` as a child process on loopback, for tests that need the real process: its
// memory (/proc/PID/status), its signals and exit code, its open-files limit.

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace jobwarden::testing {

// Whether the server under test is the AddressSanitizer build (it is built like the tests):
// freed blocks wait in its quarantine instead of being reused, so memory bounds differ.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kSanitized = true;
#else
inline constexpr bool kSanitized = false;
#endif

int free_loopback_port();
// waitpid with a deadline; the raw status, or -1 on timeout.
int wait_for_exit(pid_t pid, std::chrono::milliseconds limit);
// A plain TCP connection to 127.0.0.1:port (blocking socket), -1 on failure.
int tcp_connect(int port);
// Raises this process's soft open-files limit to the hard limit.
void raise_open_files();

class ServeProcess {
 public:
  // Makes a CA and serving certificate in `dir` (tls.crt/tls.key) unless present, then starts
  // `jobwarden serve` with the HTTPS and metrics listeners on free loopback ports plus `flags`,
  // and waits until it accepts TLS connections. Output goes to dir/serve.log.
  ServeProcess(std::string dir, std::vector<std::string> flags = {});
  ~ServeProcess();  // SIGKILL when still running
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  bool started() const { return started_; }
  pid_t pid() const { return pid_; }
  int port() const { return port_; }
  int metrics_port() const { return metrics_port_; }
  std::string ca() const { return dir_ + "/ca.crt"; }
  std::string log() const;
  // VmRSS / VmHWM of the server process in KiB (0 when unknown).
  std::size_t rss_kib() const;
  std::size_t peak_rss_kib() const;
  // Sends SIGTERM; waits up to `limit` for the exit. Returns the raw status or -1.
  int terminate(std::chrono::milliseconds limit);

 private:
  std::size_t status_field(const char* name) const;
  std::string dir_;
  pid_t pid_ = -1;
  int port_ = 0;
  int metrics_port_ = 0;
  bool started_ = false;
  bool exited_ = false;
};

}  // namespace jobwarden::testing
