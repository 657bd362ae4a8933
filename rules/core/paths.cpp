#include "rules/core/paths.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace jobwarden::core {

namespace fs = std::filesystem;

std::vector<std::string> expand_paths(const std::vector<std::string>& paths,
                                      std::vector<LoadError>& errors) {
  std::vector<std::string> out;
  for (const auto& path : paths) {
    if (path == "-") {
      out.push_back(path);
      continue;
    }
    std::error_code ec;
    auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
      errors.push_back(LoadError{path,
                                 {},
                                 ec && ec != std::errc::no_such_file_or_directory
                                     ? ec.message()
                                     : "no such file or directory"});
      continue;
    }
    if (!fs::is_directory(status)) {
      out.push_back(path);
      continue;
    }
    std::vector<std::string> found;
    fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec);
    if (ec) {
      errors.push_back(LoadError{path, {}, ec.message()});
      continue;
    }
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) {
        errors.push_back(LoadError{path, {}, ec.message()});
        break;
      }
      std::error_code type_ec;
      if (!it->is_regular_file(type_ec)) continue;
      auto ext = it->path().extension().string();
      if (ext == ".yaml" || ext == ".yml" || ext == ".json") found.push_back(it->path().string());
    }
    std::sort(found.begin(), found.end());
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

}  // namespace jobwarden::core
