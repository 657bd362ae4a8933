#pragma once

#include <optional>
#include <string>

#include "cli/commands/commands.hpp"
#include "cli/flags.hpp"
#include "rules/engine/config.hpp"

namespace jobwarden::cli {

// --config FILE and --kube-version 1.N, read the same way by every command that takes them.
struct ConfigFlags {
  std::string config_path;   // --config; after load(), the file read ("" for the defaults)
  std::string kube_version;  // --kube-version, checked by parse_kube_version

  void add_to(FlagParser& flags);
  // The config: --config, else the nearest .jobwarden.yaml upwards from the current directory,
  // else the defaults; --kube-version over its kubeVersion. A target that is not released yet
  // gets a "jobwarden: note: ..." on io.err. On an error, prints
  // "jobwarden: <file:line:col: message>" to io.err and returns nullopt (exit 2).
  std::optional<core::Config> load(Io& io);
};

}  // namespace jobwarden::cli
