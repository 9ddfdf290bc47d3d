#include "http/file_response.hpp"

#include <sys/stat.h>

#include <charconv>
#include <ctime>

#include <fmt/format.h>

#include "http/responses.hpp"

namespace onair::http {
namespace {

std::string http_date(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

bool parse_number(std::string_view text, std::uint64_t& out) {
  if (text.empty()) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && end == text.data() + text.size();
}

enum class RangeKind { none, ok, unsatisfiable };

/// One `bytes=a-b`, `bytes=a-` or `bytes=-n` range; several ranges are answered with the whole file.
RangeKind parse_range(std::string_view header, std::uint64_t size, std::uint64_t& first, std::uint64_t& last) {
  constexpr std::string_view kPrefix = "bytes=";
  if (header.substr(0, kPrefix.size()) != kPrefix) return RangeKind::none;
  auto spec = header.substr(kPrefix.size());
  if (spec.find(',') != std::string_view::npos) return RangeKind::none;
  auto dash = spec.find('-');
  if (dash == std::string_view::npos) return RangeKind::none;
  auto a = spec.substr(0, dash), b = spec.substr(dash + 1);
  if (a.empty()) {
    std::uint64_t n = 0;
    if (!parse_number(b, n)) return RangeKind::none;
    if (n == 0 || size == 0) return RangeKind::unsatisfiable;
    first = n >= size ? 0 : size - n;
    last = size - 1;
    return RangeKind::ok;
  }
  if (!parse_number(a, first)) return RangeKind::none;
  if (b.empty()) {
    last = size == 0 ? 0 : size - 1;
  } else if (!parse_number(b, last) || last < first) {
    return RangeKind::none;
  }
  if (first >= size) return RangeKind::unsatisfiable;
  if (last >= size) last = size - 1;
  return RangeKind::ok;
}

}  // namespace

Response file_response(const Request& request, const std::string& path, const std::string& content_type) {
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    return error_response(404, "not_found", "The media file is not there");
  }
  auto size = static_cast<std::uint64_t>(st.st_size);
  auto etag = fmt::format("\"{:x}-{:x}\"", size, static_cast<long long>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000);
  Response res;
  res.content_type = content_type;
  res.headers = {{"Accept-Ranges", "bytes"}, {"ETag", etag}, {"Last-Modified", http_date(st.st_mtime)},
                 {"Cache-Control", "private, max-age=3600"}};
  if (auto match = request.header("if-none-match"); match && *match == etag) {
    res.status = 304;
    res.content_type.clear();
    return res;
  }
  std::uint64_t first = 0, last = size == 0 ? 0 : size - 1;
  auto range = request.header("range");
  auto kind = range ? parse_range(*range, size, first, last) : RangeKind::none;
  if (kind == RangeKind::unsatisfiable) {
    auto r = error_response(416, "range_not_satisfiable", "The requested range is outside the file");
    r.headers.emplace_back("Content-Range", fmt::format("bytes */{}", size));
    return r;
  }
  if (kind == RangeKind::ok) {
    res.status = 206;
    res.headers.emplace_back("Content-Range", fmt::format("bytes {}-{}/{}", first, last, size));
    res.file = FileSlice{path, first, last - first + 1};
  } else {
    res.file = FileSlice{path, 0, size};
  }
  return res;
}

}  // namespace onair::http
