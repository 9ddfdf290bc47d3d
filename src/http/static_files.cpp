#include "http/static_files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "http/responses.hpp"

namespace onair::http {
namespace {

std::string content_type_for(const std::filesystem::path& path) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".json", "application/json"}, {".svg", "image/svg+xml"}, {".png", "image/png"},
      {".jpg", "image/jpeg"}, {".jpeg", "image/jpeg"}, {".ico", "image/x-icon"},
      {".webp", "image/webp"}, {".woff2", "font/woff2"}, {".txt", "text/plain; charset=utf-8"},
      {".webm", "video/webm"}, {".mp4", "video/mp4"}, {".map", "application/json"},
  };
  auto ext = path.extension().string();
  for (const auto& [e, type] : kTypes) {
    if (ext == e) return type;
  }
  return "application/octet-stream";
}

std::optional<std::string> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

bool is_api_path(const std::string& path) {
  // /live/… is the web client's (its stream pages); the relay's sockets are routes of their own.
  for (const char* prefix : {"/api/", "/media/", "/webhooks/", "/ws"}) {
    if (path.rfind(prefix, 0) == 0) return true;
  }
  return path == "/api";
}

}  // namespace

Handler static_site(std::string root) {
  return [root = std::filesystem::path(std::move(root))](const Request& req, const PathParams&) -> Response {
    if (is_api_path(req.path)) return error_response(404, "not_found", "No such endpoint: " + req.path);
    std::error_code ec;
    auto base = std::filesystem::weakly_canonical(root, ec);
    Response res;
    if (req.path != "/" && req.path.find("..") == std::string::npos) {
      auto candidate = std::filesystem::weakly_canonical(base / req.path.substr(1), ec);
      auto rel = candidate.lexically_relative(base);
      if (!ec && !rel.empty() && *rel.begin() != ".." && std::filesystem::is_regular_file(candidate, ec)) {
        if (auto body = read_file(candidate)) {
          res.content_type = content_type_for(candidate);
          res.body = std::move(*body);
          // Vite puts content hashes in asset names: they never change.
          bool hashed = req.path.rfind("/assets/", 0) == 0;
          res.headers.emplace_back("Cache-Control", hashed ? "public, max-age=31536000, immutable" : "no-cache");
          return res;
        }
      }
    }
    if (auto index = read_file(base / "index.html")) {
      res.content_type = "text/html; charset=utf-8";
      res.headers.emplace_back("Cache-Control", "no-cache");
      res.body = std::move(*index);
      return res;
    }
    res.status = 404;
    res.content_type = "text/html; charset=utf-8";
    res.body = "<!doctype html><title>onair</title><p>The onair API is running. The web client is not "
               "built: run <code>cd web &amp;&amp; npm ci &amp;&amp; npm run build</code>.</p>";
    return res;
  };
}

}  // namespace onair::http
