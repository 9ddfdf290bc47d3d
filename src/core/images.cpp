#include "core/images.hpp"

#include <filesystem>
#include <fstream>

#include "core/crypto.hpp"

namespace onair {

std::optional<std::string_view> sniff_image(std::string_view head) {
  if (head.starts_with("\xFF\xD8\xFF")) return "image/jpeg";
  if (head.starts_with("\x89PNG\r\n\x1A\n")) return "image/png";
  if (head.size() >= 12 && head.starts_with("RIFF") && head.substr(8, 4) == "WEBP") return "image/webp";
  return std::nullopt;
}

std::string_view image_extension(std::string_view type) {
  if (type == "image/png") return "png";
  if (type == "image/webp") return "webp";
  return "jpg";
}

bool write_file_atomically(const std::string& path, std::string_view bytes) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(fs::path(path).parent_path(), ec);
  std::string temp = path + "." + crypto::random_id() + ".part";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
      fs::remove(temp, ec);
      return false;
    }
  }
  fs::rename(temp, path, ec);
  if (ec) fs::remove(temp, ec);
  return !ec;
}

bool move_file_into(const std::string& from, const std::string& to) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(fs::path(to).parent_path(), ec);
  fs::rename(from, to, ec);
  if (!ec) return true;
  // Another filesystem (a shared media directory): copy beside the target, then rename.
  std::string temp = to + "." + crypto::random_id() + ".part";
  fs::copy_file(from, temp, fs::copy_options::overwrite_existing, ec);
  if (!ec) fs::rename(temp, to, ec);
  if (ec) {
    fs::remove(temp, ec);
    return false;
  }
  fs::remove(from, ec);
  return true;
}

}  // namespace onair
