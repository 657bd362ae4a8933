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
  // Returns as soon as no connection is left (or the grace period is over: then the log line
  // "stopped" counts what was cut off).
  server.shutdown(grace);
  out.flush();
  return 0;
}

}  // namespace jobwarden::webhook
