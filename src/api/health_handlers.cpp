#include "api/context.hpp"
#include "api/json_io.hpp"
#include "api/openapi.hpp"
#include "store/database.hpp"

namespace onair::api {

void register_health_routes(http::Router& router, Services& s) {
  router.add("GET", "/healthz", [&s](const http::Request&, const http::PathParams&) {
    int version = s.db.schema_version();
    return json_response(200, json::object{{"status", "ok"}, {"schemaVersion", version}});
  });

  // The HTTP contract, as an OpenAPI 3.1 document (api/openapi.json, docs/INTEGRATING.md).
  router.add("GET", "/api/openapi.json", [](const http::Request&, const http::PathParams&) {
    http::Response res;
    res.body = std::string(openapi_document());
    res.headers.emplace_back("Cache-Control", "public, max-age=300");
    res.headers.emplace_back("Access-Control-Allow-Origin", "*");
    return res;
  });
}

}  // namespace onair::api
