#include "http/message.hpp"

#include <boost/url/parse.hpp>

namespace onair::http {

std::optional<std::string_view> Request::header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return std::string_view(value);
  }
  return std::nullopt;
}

std::optional<std::string> Request::query_param(std::string_view name) const {
  for (const auto& [key, value] : query) {
    if (key == name) return value;
  }
  return std::nullopt;
}

std::optional<std::string> Request::cookie(std::string_view name) const {
  auto header_value = header("cookie");
  if (!header_value) return std::nullopt;
  std::string_view rest = *header_value;
  while (!rest.empty()) {
    auto semi = rest.find(';');
    std::string_view pair = rest.substr(0, semi);
    rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    auto eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
      return std::string(pair.substr(eq + 1));
    }
  }
  return std::nullopt;
}

bool parse_target(std::string_view target, std::string& path, Fields& query) {
  auto url = boost::urls::parse_origin_form(target);
  if (!url) return false;
  path = url->path();
  query.clear();
  for (auto param : url->params()) query.emplace_back(param.key, param.value);
  return true;
}

}  // namespace onair::http
