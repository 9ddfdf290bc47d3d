#include "api/context.hpp"
#include "api/json_io.hpp"
#include "store/database.hpp"

namespace onair::api {

void register_health_routes(http::Router& router, Services& s) {
  router.add("GET", "/healthz", [&s](const http::Request&, const http::PathParams&) {
    int version = s.db.schema_version();
    return json_response(200, json::object{{"status", "ok"}, {"schemaVersion", version}});
  });
}

}  // namespace onair::api
