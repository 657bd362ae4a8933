#include "cli/report_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
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

}  // namespace

std::optional<std::string> write_file_atomically(const std::string& path,
                                                 const std::string& contents) {
  if (path.empty()) return "empty file name";
  if (path.back() == '/') return "is a directory, not a file";
  mode_t mode = new_file_mode();
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0) {
    if (S_ISDIR(info.st_mode)) return "is a directory, not a file";
    if (!S_ISREG(info.st_mode)) return "not a regular file; not written";
    mode = info.st_mode & 07777;
  }
  const auto slash = path.rfind('/');
  const std::string dir =
      slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
  const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
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
  if (::fchmod(fd, mode) != 0) return abandon("cannot set permissions");
  if (::fsync(fd) != 0) return abandon("cannot sync to disk");
  if (::close(fd) != 0) {
    int saved = errno;
    ::unlink(temp_path.c_str());
    return failure("cannot close", saved);
  }
  if (::rename(temp_path.c_str(), path.c_str()) != 0) {
    int saved = errno;
    ::unlink(temp_path.c_str());
    return failure("cannot rename into place", saved);
  }
  return std::nullopt;
}

}  // namespace jobwarden::cli
