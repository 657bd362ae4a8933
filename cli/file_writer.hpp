#pragma once

#include <optional>
#include <string>

namespace jobwarden::cli {

// The one atomic file writer: a temporary file in the target's directory, written, fsynced,
// given the permission bits and renamed over the target, so a reader never sees half a file and
// a failed write leaves no temporary file behind and the target untouched. Returns the reason
// on failure ("cannot create a temporary file in out: Permission denied").
enum class AtomicWrite {
  // Reports and baselines: a new file gets 0666 minus the umask, an existing regular file is
  // replaced and keeps its permission bits.
  create_or_replace,
  // `lint --fix`: the file must exist and be a writable regular file; symlinks are followed, so
  // a link stays a link.
  replace_existing,
};
std::optional<std::string> write_atomically(const std::string& path, const std::string& contents,
                                            AtomicWrite mode);

inline std::optional<std::string> write_file_atomically(const std::string& path,
                                                        const std::string& contents) {
  return write_atomically(path, contents, AtomicWrite::create_or_replace);
}
inline std::optional<std::string> replace_file_atomically(const std::string& path,
                                                          const std::string& contents) {
  return write_atomically(path, contents, AtomicWrite::replace_existing);
}

}  // namespace jobwarden::cli
