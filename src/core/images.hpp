#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace onair {

/// The image type (`image/jpeg`, `image/png` or `image/webp`) the bytes begin as, by their
/// signature; none for anything else.
std::optional<std::string_view> sniff_image(std::string_view head);

/// The file name extension for one of those types ("jpg", "png", "webp").
std::string_view image_extension(std::string_view type);

/// Writes `bytes` to `path` whole or not at all (a temporary file renamed into place); the
/// directory is made when missing. False on any failure (nothing left behind).
bool write_file_atomically(const std::string& path, std::string_view bytes);

/// Moves `from` to `to` (copying across filesystems); the directory is made when missing. False on
/// any failure, with `to` not left half-written.
bool move_file_into(const std::string& from, const std::string& to);

}  // namespace onair
