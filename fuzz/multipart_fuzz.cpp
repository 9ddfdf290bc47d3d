// multipart_boundary and split_multipart over a fuzzed Content-Type and body.
//
// Input: the Content-Type up to the first '\n', then the body. The body goes to an in-memory file
// (memfd) that split_multipart maps by path, as it maps the upload's temp file in the server; the
// file part is written to another memfd, checked against the body, and dropped.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "http/multipart.hpp"

namespace {

void check(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "multipart_fuzz: %s\n", what);
    std::abort();
  }
}

/// An anonymous in-memory file, closed on destruction; `path()` opens it again.
class MemFile {
 public:
  explicit MemFile(const char* name) : fd_(::memfd_create(name, MFD_CLOEXEC)) {
    check(fd_ >= 0, "memfd_create failed");
  }
  ~MemFile() { ::close(fd_); }
  MemFile(const MemFile&) = delete;
  MemFile& operator=(const MemFile&) = delete;

  std::string path() const { return "/proc/self/fd/" + std::to_string(fd_); }
  void write_all(std::string_view bytes) const {
    check(::ftruncate(fd_, 0) == 0, "ftruncate failed");
    std::size_t done = 0;
    while (done < bytes.size()) {
      auto n = ::pwrite(fd_, bytes.data() + done, bytes.size() - done, static_cast<off_t>(done));
      check(n > 0, "pwrite failed");
      done += static_cast<std::size_t>(n);
    }
  }
  std::string read_all() const {
    std::string out;
    char buf[4096];
    for (off_t at = 0;;) {
      auto n = ::pread(fd_, buf, sizeof buf, at);
      check(n >= 0, "pread failed");
      if (n == 0) return out;
      out.append(buf, static_cast<std::size_t>(n));
      at += n;
    }
  }

 private:
  int fd_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const MemFile body_file("multipart-body");
  static const MemFile upload_file("multipart-upload");

  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto newline = input.find('\n');
  if (newline == std::string_view::npos) return 0;
  std::string_view content_type = input.substr(0, newline);
  std::string_view body = input.substr(newline + 1);

  auto boundary = onair::http::multipart_boundary(content_type);
  if (!boundary) return 0;
  check(!boundary->empty() && boundary->size() <= 70, "boundary out of bounds");
  check(content_type.find(*boundary) != std::string_view::npos,
        "boundary is not in the Content-Type");

  body_file.write_all(body);
  upload_file.write_all({});
  auto form = onair::http::split_multipart(body_file.path(), *boundary, upload_file.path());
  if (!form) return 0;
  check(!form->file_name.empty(), "a form without a file name was accepted");
  auto uploaded = upload_file.read_all();
  check(body.find(uploaded) != std::string_view::npos, "the uploaded file is not part of the body");
  check(uploaded.find("\r\n--" + *boundary) == std::string::npos,
        "the uploaded file holds a delimiter");
  for (const auto& [name, value] : form->fields) {
    check(!name.empty(), "a field without a name");
    check(value.size() <= 64 * 1024, "a field over 64 KB");
  }
  return 0;
}
