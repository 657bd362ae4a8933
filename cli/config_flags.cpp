#include "cli/config_flags.hpp"

#include <filesystem>
#include <ostream>
#include <system_error>

namespace jobwarden::cli {

void ConfigFlags::add_to(FlagParser& flags) {
  flags.value("--kube-version", [this](const std::string& value) -> std::optional<std::string> {
    if (!core::parse_kube_version(value)) {
      return "invalid --kube-version \"" + value + "\" (expected 1.N, e.g. 1.31)";
    }
    kube_version = value;
    return std::nullopt;
  });
  flags.value("--config", config_path, "a file", /*allow_empty=*/false);
}

std::optional<core::Config> ConfigFlags::load(Io& io) {
  core::Config config;
  if (config_path.empty()) {
    std::error_code cwd_error;
    const std::filesystem::path cwd = std::filesystem::current_path(cwd_error);
    if (!cwd_error) {
      if (auto found = core::find_config_file(cwd)) config_path = found->string();
    }
  }
  if (!config_path.empty()) {
    core::ConfigResult loaded = core::load_config_file(config_path);
    if (loaded.error) {
      io.err << "jobwarden: " << loaded.error->display() << '\n';
      return std::nullopt;
    }
    config = std::move(loaded.config);
  }
  if (!kube_version.empty()) config.kube_version = *core::parse_kube_version(kube_version);
  if (const std::string note = core::kube_version_note(config.kube_version); !note.empty()) {
    io.err << "jobwarden: note: " << note << '\n';
  }
  return config;
}

}  // namespace jobwarden::cli
