#include "rules/core/file_reader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

namespace jobwarden::core {

FileRead read_file(const std::string& path, std::size_t max_bytes) {
  FileRead result;
  auto error = [&](std::string message) {
    result.error = std::move(message);
    return result;
  };
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return error("no such file or directory");
    if (errno == EACCES) return error("permission denied");
    return error(std::strerror(errno));
  }
  if (S_ISDIR(st.st_mode)) return error("is a directory");
  if (S_ISREG(st.st_mode) && static_cast<std::uint64_t>(st.st_size) > max_bytes) {
    return error(too_large(static_cast<std::size_t>(st.st_size), max_bytes));
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == EACCES) return error("permission denied");
    return error(std::strerror(errno));
  }
  std::string text;
  if (S_ISREG(st.st_mode)) text.reserve(static_cast<std::size_t>(st.st_size));
  char buffer[1 << 16];
  while (true) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return error(err == EISDIR ? "is a directory" : std::strerror(err));
    }
    if (n == 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
    if (text.size() > max_bytes) {
      ::close(fd);
      return error(too_large(text.size(), max_bytes));
    }
  }
  ::close(fd);
  result.text = std::move(text);
  return result;
}

FileRead read_all(std::istream& in, std::size_t max_bytes) {
  FileRead result;
  std::string text;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > max_bytes) {
      result.error = too_large(text.size(), max_bytes);
      return result;
    }
  }
  result.text = std::move(text);
  return result;
}

std::string too_large(std::size_t size, std::size_t limit) {
  return "file is too large (" + std::to_string(size) + " bytes; the limit is " +
         std::to_string(limit) + ")";
}

}  // namespace jobwarden::core
