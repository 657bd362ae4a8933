#include "cli/file_writer.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace jobwarden::cli {

namespace {

std::string failure(const std::string& what, int error_number) {
  return what + ": " + std::strerror(error_number);
}

mode_t new_file_mode() {
  mode_t mask = ::umask(0);
  ::umask(mask);
  return 0666 & ~mask;
}

// Where to write and with which permission bits, or the reason not to.
struct Target {
  std::string path;
  mode_t mode = 0;
  std::optional<std::string> refused;
};

Target create_or_replace_target(const std::string& path) {
  if (path.empty()) return {path, 0, "empty file name"};
  if (path.back() == '/') return {path, 0, "is a directory, not a file"};
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return {path, new_file_mode(), std::nullopt};
  if (S_ISDIR(info.st_mode)) return {path, 0, "is a directory, not a file"};
  if (!S_ISREG(info.st_mode)) return {path, 0, "not a regular file; not written"};
  return {path, info.st_mode & 07777, std::nullopt};
}

Target replace_existing_target(const std::string& path) {
  char resolved[PATH_MAX];
  if (::realpath(path.c_str(), resolved) == nullptr) {
    return {path, 0, failure("cannot resolve path", errno)};
  }
  const std::string target = resolved;
  struct stat info {};
  if (::stat(target.c_str(), &info) != 0) return {target, 0, failure("cannot stat", errno)};
  if (S_ISDIR(info.st_mode)) return {target, 0, "is a directory, not a file"};
  if (!S_ISREG(info.st_mode)) return {target, 0, "not a regular file; not rewritten"};
  // Permission bits, not access(2): root may write anything, but a read-only file says "leave me".
  if ((info.st_mode & 0222) == 0) return {target, 0, "file is read-only; not rewritten"};
  return {target, info.st_mode & 07777, std::nullopt};
}

}  // namespace

std::optional<std::string> write_atomically(const std::string& path, const std::string& contents,
                                            AtomicWrite mode) {
  const Target target = mode == AtomicWrite::create_or_replace ? create_or_replace_target(path)
                                                               : replace_existing_target(path);
  if (target.refused) return target.refused;

  const auto slash = target.path.rfind('/');
  const std::string dir =
      slash == std::string::npos ? "." : (slash == 0 ? "/" : target.path.substr(0, slash));
  const std::string base = slash == std::string::npos ? target.path : target.path.substr(slash + 1);
  std::string temp_name = dir + "/." + base + ".jobwarden-XXXXXX";
  std::vector<char> temp(temp_name.begin(), temp_name.end());
  temp.push_back('\0');
  int fd = ::mkstemp(temp.data());
  if (fd < 0) return failure("cannot create a temporary file in " + dir, errno);
  const std::string temp_path(temp.data());
  auto abandon = [&](const std::string& what) {
    int saved = errno;
    ::close(fd);
    ::unlink(temp_path.c_str());
    return failure(what, saved);
  };

  std::size_t written = 0;
  while (written < contents.size()) {
    ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      return abandon("cannot write (disk full?)");
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fchmod(fd, target.mode) != 0) return abandon("cannot set permissions");
  if (::fsync(fd) != 0) return abandon("cannot sync to disk");
  if (::close(fd) != 0) {
    int saved = errno;
    ::unlink(temp_path.c_str());
    return failure("cannot close", saved);
  }
  if (::rename(temp_path.c_str(), target.path.c_str()) != 0) {
    int saved = errno;
    ::unlink(temp_path.c_str());
    return failure(mode == AtomicWrite::create_or_replace ? "cannot rename into place"
                                                          : "cannot replace the file",
                   saved);
  }
  return std::nullopt;
}

}  // namespace jobwarden::cli
