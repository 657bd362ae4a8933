#pragma once

#include <optional>
#include <string>

namespace jobwarden::cli {

// Replaces the contents of an existing regular file atomically: writes a temporary file in the
// same directory, fsyncs it, gives it the original's permission bits and renames it over the
// original (symlinks are followed, so the link stays a link). Refuses read-only files and
// anything that is not a regular file. On any failure the original is untouched, the temporary
// file is removed, and the returned message names the file and the reason.
std::optional<std::string> replace_file_atomically(const std::string& path,
                                                   const std::string& contents);

}  // namespace jobwarden::cli
