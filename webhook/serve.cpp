#include "webhook/serve.hpp"

#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "webhook/server.hpp"

namespace jobwarden::webhook {

int serve(ServerOptions options, std::chrono::milliseconds grace, std::ostream& out,
          std::ostream& err) {
  // Signals are taken by sigwait() below; every thread started from here on inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  // A client that disconnects mid-response must not kill the process.
  signal(SIGPIPE, SIG_IGN);

  options.log = &err;
  Server server(options);
  if (auto error = server.start()) {
    err << "jobwarden serve: " << *error << "\n";
    return 1;
  }
  int received = 0;
  sigwait(&signals, &received);
  server.log({{"level", "info"},
              {"msg", "signal received"},
              {"signal", received == SIGTERM ? "SIGTERM" : "SIGINT"}});
  if (!server.shutdown(grace)) {
    // Only idle keep-alive connections are left (cpp-httplib notices the closed listener at their
    // next request or after the keep-alive timeout); every request has been answered.
    out.flush();
    err.flush();
    std::fflush(nullptr);
    std::_Exit(0);
  }
  return 0;
}

}  // namespace jobwarden::webhook
