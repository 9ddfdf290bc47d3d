#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace onair::http {

using Fields = std::vector<std::pair<std::string, std::string>>;

/// An HTTP request as handlers see it: no Beast types, so handler code compiles fast.
struct Request {
  std::string method;  // upper case: GET, POST…
  std::string target;  // as received
  std::string path;    // percent-decoded, without the query
  Fields query;        // percent-decoded, in order
  Fields headers;      // names lower case
  std::string body;
  std::string remote;  // peer address
  std::string body_file;  // upload routes: the body, streamed to this temp file (removed afterwards)

  std::optional<std::string_view> header(std::string_view lower_name) const;
  std::optional<std::string> query_param(std::string_view name) const;
  std::optional<std::string> cookie(std::string_view name) const;
};

/// Part of a file to send as the body, streamed from disk in small pieces.
struct FileSlice {
  std::string path;
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
};

/// What a handler answers. Beast turns it into bytes in http/server.cpp.
struct Response {
  int status = 200;
  std::string content_type = "application/json";
  Fields headers;
  std::string body;
  std::optional<FileSlice> file;  // when set, the body is this slice of a file instead
};

/// Splits a request target into a decoded path and query; false when it is not a valid origin-form.
bool parse_target(std::string_view target, std::string& path, Fields& query);

}  // namespace onair::http
