#pragma once

#include <chrono>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace jobwarden::webhook {

// `jobwarden serve ...`: runs the admission webhook until SIGTERM/SIGINT. `args` are the
// arguments after "serve". Exit codes: 0 after a clean shutdown (or --help), 1 when the server
// cannot start (bad certificate, config, address in use), 2 for usage errors.
int serve_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// "1s", "500ms", "2m", "1.5s"; nullopt when malformed or negative.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

}  // namespace jobwarden::webhook
