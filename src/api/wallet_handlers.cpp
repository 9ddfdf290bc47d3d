#include "api/context.hpp"
#include "api/json_io.hpp"
#include "payments/wallet_service.hpp"

namespace onair::api {
namespace {

json::object render_purchase(const Purchase& p) {
  return json::object{{"id", p.id},
                      {"itemType", to_string(p.item_type)},
                      {"itemId", p.item_id},
                      {"priceCredits", p.price_credits},
                      {"idempotencyKey", p.idempotency_key},
                      {"createdAt", format_iso8601(p.created_at)}};
}

}  // namespace

void register_wallet_routes(http::Router& router, Services& s) {
  router.add("GET", "/api/me/wallet", [&s](const http::Request& req, const http::PathParams&) {
    auto user = authenticate(req, s);
    if (!user) return error_response(user.error());
    return json_response(200, json::object{{"balanceCredits", s.wallets.balance(*user)}});
  });

  router.add("POST", "/api/me/wallet/top-up", [&s](const http::Request& req, const http::PathParams&) {
    auto user = authenticate(req, s);
    if (!user) return error_response(user.error());
    auto body = parse_object(req);
    if (!body) return error_response(body.error());
    FieldReader f(*body);
    auto credits = f.integer("credits", true, 1, 1000000);
    auto key = f.string("idempotencyKey", true, 1, 100);
    if (!f.ok()) return error_response(f.take_error());
    auto result = s.wallets.top_up(*user, *credits, *key);
    if (!result) return error_response(result.error());
    return json_response(result->created ? 201 : 200, json::object{{"balanceCredits", result->balance_credits}});
  });

  router.add("POST", "/api/purchases", [&s](const http::Request& req, const http::PathParams&) {
    auto user = authenticate(req, s);
    if (!user) return error_response(user.error());
    auto body = parse_object(req);
    if (!body) return error_response(body.error());
    FieldReader f(*body);
    auto type_text = f.string("itemType", true, 1, 20);
    auto item_id = f.string("itemId", true, 1, kMaxIdLength);
    auto key = f.string("idempotencyKey", true, 1, 100);
    if (!f.ok()) return error_response(f.take_error());
    auto type = parse_item_type(*type_text);
    if (!type) return error_response(Error::validation("itemType", "itemType must be \"live_stream\" or \"reel\""));
    auto result = s.wallets.purchase(*user, *type, *item_id, *key);
    if (!result) return error_response(result.error());
    return json_response(result->created ? 201 : 200,
                         json::object{{"purchase", render_purchase(result->purchase)},
                                      {"balanceCredits", result->balance_credits}});
  });
}

}  // namespace onair::api
