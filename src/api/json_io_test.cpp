#include "api/json_io.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace onair::api {
namespace {

json::object object_of(const char* text) { return json::parse(text).as_object(); }

http::Request body(std::string text) {
  http::Request r;
  r.body = std::move(text);
  return r;
}

TEST(ParseObject, AcceptsOnlyAJsonObject) {
  EXPECT_TRUE(parse_object(body(R"({"a":1})")).ok());
  EXPECT_EQ(parse_object(body("[1]")).error().code, ErrorCode::invalid_json);
  EXPECT_EQ(parse_object(body("{")).error().code, ErrorCode::invalid_json);
  EXPECT_EQ(parse_object(body("")).error().code, ErrorCode::invalid_json);
  EXPECT_TRUE(parse_object(body(""), true).ok());
  std::string deep(100, '[');
  EXPECT_EQ(parse_object(body(R"({"a":)" + deep)).error().code, ErrorCode::invalid_json);
}

TEST(FieldReader, ReportsTheFirstBadFieldByName) {
  auto o = object_of(R"({"title": 5, "price": "x"})");
  FieldReader f(o);
  f.string("title", true, 1, 100);
  f.integer("price", true, 0, 10);
  ASSERT_FALSE(f.ok());
  auto e = f.take_error();
  EXPECT_EQ(e.code, ErrorCode::validation_failed);
  ASSERT_EQ(e.details.size(), 1u);
  EXPECT_EQ(std::get<std::string>(e.details[0].second), "title");
}

TEST(FieldReader, TrimsAndBoundsStringsByCharacters) {
  auto o = object_of(R"({"a": "  hé  ", "b": "   ", "c": " pass word "})");
  FieldReader f(o);
  EXPECT_EQ(f.string("a", true, 2, 2), "hé");
  EXPECT_EQ(f.string("c", true, 1, 20, true), " pass word ");
  EXPECT_TRUE(f.ok());
  EXPECT_FALSE(f.string("b", true, 1, 10).has_value());
  EXPECT_FALSE(f.ok());
}

TEST(FieldReader, MissingOptionalFieldsAreFineAndNullCountsAsMissing) {
  auto o = object_of(R"({"a": null})");
  FieldReader f(o);
  EXPECT_FALSE(f.string("a", false, 1, 5).has_value());
  EXPECT_FALSE(f.boolean("b", false).has_value());
  EXPECT_TRUE(f.ok());
  f.integer("a", true, 0, 5);
  EXPECT_FALSE(f.ok());
}

TEST(FieldReader, IntegersMustBeWholeAndInRange) {
  auto o = object_of(R"({"a": 5, "b": 5.5, "c": 1e3, "d": true, "e": 99})");
  FieldReader f(o);
  EXPECT_EQ(f.integer("a", true, 0, 10), 5);
  EXPECT_EQ(f.integer("c", true, 0, 5000), 1000);
  EXPECT_TRUE(f.ok());
  FieldReader g(o);
  EXPECT_FALSE(g.integer("b", true, 0, 10).has_value());
  FieldReader h(o);
  EXPECT_FALSE(h.integer("d", true, 0, 10).has_value());
  FieldReader i(o);
  EXPECT_FALSE(i.integer("e", true, 0, 10).has_value());
}

TEST(ErrorResponse, UsesTheApiShapeAndStatusTable) {
  auto res = error_response(Error{ErrorCode::payment_required, "pay", {{"priceCredits", std::int64_t{7}}}});
  EXPECT_EQ(res.status, 402);
  auto v = json::parse(res.body);
  EXPECT_EQ(v.at("error").at("code").as_string(), "payment_required");
  EXPECT_EQ(v.at("error").at("message").as_string(), "pay");
  EXPECT_EQ(v.at("error").at("details").at("priceCredits").as_int64(), 7);
  EXPECT_EQ(status_for(ErrorCode::already_live), 409);
  EXPECT_EQ(status_for(ErrorCode::followers_only), 403);
  EXPECT_EQ(status_for(ErrorCode::unauthenticated), 401);
  EXPECT_EQ(status_for(ErrorCode::media_backend_unavailable), 503);
}

}  // namespace
}  // namespace onair::api
