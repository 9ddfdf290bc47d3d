#include "http/responses.hpp"

#include <fmt/format.h>

namespace onair::http {

std::string json_quote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out.push_back('"');
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += fmt::format("\\u{:04x}", c);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out.push_back('"');
  return out;
}

Response error_response(int status, std::string_view code, std::string_view message) {
  Response r;
  r.status = status;
  r.body = fmt::format(R"({{"error":{{"code":{},"message":{}}}}})", json_quote(code), json_quote(message));
  return r;
}

}  // namespace onair::http
