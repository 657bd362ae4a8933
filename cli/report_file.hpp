#pragma once

#include <optional>
#include <string>

namespace jobwarden::cli {

// Creates or replaces `path` atomically (report files, baselines): writes a temporary file in
// the same directory, fsyncs it and renames it over `path`, so a reader never sees half a
// report and a failed write leaves no file behind (and an existing one untouched). A new file
// gets 0666 minus the umask, an existing one keeps its permission bits. Returns the reason on
// failure ("cannot create a temporary file in out: Permission denied").
std::optional<std::string> write_file_atomically(const std::string& path,
                                                 const std::string& contents);

}  // namespace jobwarden::cli
