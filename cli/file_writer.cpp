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

}  // namespace

std::optional<std::string> replace_file_atomically(const std::string& path,
                                                   const std::string& contents) {
  char resolved[PATH_MAX];
  if (::realpath(path.c_str(), resolved) == nullptr) {
    return failure("cannot resolve path", errno);
  }
  const std::string target = resolved;
  struct stat info {};
  if (::stat(target.c_str(), &info) != 0) return failure("cannot stat", errno);
  if (S_ISDIR(info.st_mode)) return "is a directory, not a file";
  if (!S_ISREG(info.st_mode)) return "not a regular file; not rewritten";
  // Permission bits, not access(2): root may write anything, but a read-only file says "leave me".
  if ((info.st_mode & 0222) == 0) return "file is read-only; not rewritten";

  const auto slash = target.rfind('/');
  const std::string dir = target.substr(0, slash);
  const std::string base = target.substr(slash + 1);
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
  if (::fchmod(fd, info.st_mode & 07777) != 0) return abandon("cannot set permissions");
  if (::fsync(fd) != 0) return abandon("cannot sync to disk");
  if (::close(fd) != 0) {
    int saved = errno;
    ::unlink(temp_path.c_str());
    return failure("cannot close", saved);
  }
  if (::rename(temp_path.c_str(), target.c_str()) != 0) {
    int saved = errno;
    ::unlink(temp_path.c_str());
    return failure("cannot replace the file", saved);
  }
  return std::nullopt;
}

}  // namespace jobwarden::cli
