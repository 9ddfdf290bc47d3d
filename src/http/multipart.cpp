#include "http/multipart.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

namespace onair::http {
namespace {

Error malformed(const std::string& why) {
  return Error{ErrorCode::validation_failed, "The multipart body is malformed: " + why, {{"field", std::string("body")}}};
}

/// A read-only mapping of a whole file, unmapped on destruction.
class Mapping {
 public:
  explicit Mapping(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY);
    if (fd < 0) return;
    struct stat st{};
    if (::fstat(fd, &st) == 0 && st.st_size > 0) {
      size_ = static_cast<std::size_t>(st.st_size);
      void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
      if (p != MAP_FAILED) data_ = static_cast<const char*>(p);
    }
    ::close(fd);
  }
  ~Mapping() {
    if (data_ != nullptr) ::munmap(const_cast<char*>(data_), size_);
  }
  std::string_view view() const { return data_ ? std::string_view(data_, size_) : std::string_view(); }

 private:
  const char* data_ = nullptr;
  std::size_t size_ = 0;
};

std::string header_param(std::string_view headers, std::string_view name) {
  auto pos = headers.find(std::string(name) + "=\"");
  if (pos == std::string_view::npos) return "";
  pos += name.size() + 2;
  auto end = headers.find('"', pos);
  return end == std::string_view::npos ? "" : std::string(headers.substr(pos, end - pos));
}

std::string header_value(std::string_view headers, std::string_view lower_name) {
  std::string lower(headers);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto pos = lower.find(std::string(lower_name) + ":");
  if (pos == std::string::npos) return "";
  pos += lower_name.size() + 1;
  auto end = headers.find("\r\n", pos);
  auto value = headers.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  return std::string(value);
}

}  // namespace

std::optional<std::string> multipart_boundary(std::string_view content_type) {
  if (content_type.substr(0, 19) != "multipart/form-data") return std::nullopt;
  auto pos = content_type.find("boundary=");
  if (pos == std::string_view::npos) return std::nullopt;
  auto b = content_type.substr(pos + 9);
  if (!b.empty() && b.front() == '"') {
    b.remove_prefix(1);
    b = b.substr(0, b.find('"'));
  } else {
    b = b.substr(0, b.find(';'));
  }
  if (b.empty() || b.size() > 70) return std::nullopt;
  return std::string(b);
}

Result<MultipartForm> split_multipart(const std::string& body_file, const std::string& boundary,
                                      const std::string& file_out) {
  Mapping map(body_file);
  auto body = map.view();
  const std::string delimiter = "--" + boundary;
  auto pos = body.find(delimiter);
  if (pos == std::string_view::npos) return malformed("no boundary");
  MultipartForm form;
  bool have_file = false;
  for (;;) {
    pos += delimiter.size();
    if (body.substr(pos, 2) == "--") break;  // the closing delimiter
    if (body.substr(pos, 2) != "\r\n") return malformed("bad delimiter line");
    pos += 2;
    auto headers_end = body.find("\r\n\r\n", pos);
    if (headers_end == std::string_view::npos || headers_end - pos > 8192) return malformed("bad part headers");
    auto headers = body.substr(pos, headers_end - pos);
    auto content = headers_end + 4;
    auto next = body.find("\r\n" + delimiter, content);
    if (next == std::string_view::npos) return malformed("unterminated part");
    auto part = body.substr(content, next - content);
    auto disposition = header_value(headers, "content-disposition");
    auto name = header_param(disposition, "name");
    auto filename = header_param(disposition, "filename");
    if (!filename.empty() && !have_file) {
      std::FILE* out = std::fopen(file_out.c_str(), "wb");
      if (out == nullptr) return Error{ErrorCode::internal, "cannot store the upload", {}};
      bool written = std::fwrite(part.data(), 1, part.size(), out) == part.size();
      std::fclose(out);
      if (!written) return Error{ErrorCode::internal, "cannot store the upload", {}};
      form.file_type = header_value(headers, "content-type");
      form.file_name = filename;
      have_file = true;
    } else if (filename.empty() && !name.empty()) {
      if (part.size() > 64 * 1024) return malformed("field " + name + " is too large");
      form.fields.emplace_back(name, std::string(part));
    }
    pos = next + 2;
  }
  if (!have_file) return malformed("no file part");
  return form;
}

}  // namespace onair::http
