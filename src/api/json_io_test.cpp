#include "api/json_io.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace onair::api {
namespace {

json::object object_of(const char* text) { return json::parse(text).as_object(); }

http::Request body(std::string text, std::string type = "application/json") {
  http::Request r;
  r.body = std::move(text);
  r.headers.emplace_back("content-type", std::move(type));
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

TEST(ParseObject, OnlyAJsonContentTypeIsReadAsJson) {
  EXPECT_TRUE(parse_object(body(R"({"a":1})", "application/json; charset=utf-8")).ok());
  EXPECT_TRUE(parse_object(body(R"({"a":1})", "Application/JSON")).ok());
  // What a foreign page can send without a preflight: text/plain, forms.
  for (const char* type : {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                           "application/jsonp", ""}) {
    EXPECT_EQ(parse_object(body(R"({"a":1})", type)).error().code, ErrorCode::unsupported_media_type) << type;
  }
  http::Request none;
  none.body = R"({"a":1})";
  EXPECT_EQ(parse_object(none).error().code, ErrorCode::unsupported_media_type);
  EXPECT_EQ(status_for(ErrorCode::unsupported_media_type), 415);
}

TEST(FieldReader, EveryTextFieldFollowsTheOneTextRule) {
  auto o = object_of(R"({"title": "a\u202Eb", "name": "a\nb", "about": "one\ntwo", "bad": "x\u001b[2J"})");
  {
    FieldReader f(o);
    EXPECT_FALSE(f.string("title", true, 1, 100).has_value());
    EXPECT_EQ(f.take_error().code, ErrorCode::validation_failed);
  }
  {
    FieldReader f(o);
    EXPECT_FALSE(f.string("name", true, 1, 100).has_value());
  }
  {
    FieldReader f(o);
    EXPECT_EQ(f.string("about", true, 1, 100, TextKind::multiline), "one\ntwo");
    EXPECT_FALSE(f.string("bad", true, 1, 100, TextKind::multiline).has_value());
  }
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
  EXPECT_EQ(f.string("c", true, 1, 20, TextKind::secret), " pass word ");
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

// Found by fuzz/json_io_fuzz (fuzz/regressions/json_io/): the whole-number check cast the double to
// int64 before the range check, undefined for 1e300 (UBSan aborts; plain builds happen to refuse).
TEST(FieldReader, HugeAndFractionalDoublesAreNotWholeNumbers) {
  auto o = object_of(R"({"a": 1e300, "b": -1.8446744073709552e19, "c": 9e15, "d": 4.5e15})");
  FieldReader f(o);
  EXPECT_FALSE(f.integer("a", true, INT64_MIN, INT64_MAX).has_value());
  EXPECT_EQ(f.take_error().message, "a must be a whole number");
  FieldReader g(o);
  EXPECT_FALSE(g.integer("b", true, INT64_MIN, INT64_MAX).has_value());
  FieldReader h(o);
  EXPECT_EQ(h.integer("c", true, INT64_MIN, INT64_MAX), 9'000'000'000'000'000);
  EXPECT_EQ(h.integer("d", true, INT64_MIN, INT64_MAX), 4'500'000'000'000'000);
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
