#pragma once

#include <chrono>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "webhook/server.hpp"

namespace jobwarden::webhook {

// `jobwarden serve` after its flags (cli/commands/serve.cpp): runs the admission webhook until
// SIGTERM/SIGINT, then drains requests in flight for up to `grace`. Exit codes: 0 after a clean
// shutdown, 1 when the server cannot start (bad certificate, config, address in use).
int serve(ServerOptions options, std::chrono::milliseconds grace, std::ostream& out,
          std::ostream& err);

}  // namespace jobwarden::webhook
