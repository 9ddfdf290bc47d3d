#include <filesystem>
#include <thread>

#include "support/api_session.hpp"
#include "support/fixtures.hpp"
#include "support/ws_client.hpp"

namespace onair::testing {
namespace {

class ReelsApi : public ApiTest {
 protected:
  /// Goes live with a real recording and ends with `save`; returns the end response.
  HttpResponse stream_and_end(ApiUser& creator, json::object body, bool save) {
    body["title"] = "Evening set";
    body["description"] = "from the balcony";
    if (!body.contains("sensitivity")) body["sensitivity"] = "none";
    if (!body.contains("gating")) body["gating"] = "public";
    auto created = creator.http->post_json("/api/live-streams", body);
    EXPECT_EQ(created.status, 201) << created.body;
    std::string id(created.json.at("stream").at("id").as_string());
    auto rec = load_recording("vp8_opus_05mbps_6s");
    {
      WsClient publisher(server_->port(), path_of(created.json.at("publish")));
      for (const auto& chunk : rec.chunks) publisher.send_binary(chunk);
      auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
      while (creator.http->get("/api/live-streams/" + id).json.at("stream").at("status").as_string() != "live" &&
             std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      EXPECT_TRUE(wait_for_file_size(recording_part(server_->data_dir(), id), rec.bytes.size()));
    }
    return creator.http->post("/api/live-streams/" + id + "/end",
                              save ? R"({"saveRecording":true})" : R"({"saveRecording":false})");
  }
};

TEST_F(ReelsApi, SavedStreamBecomesAReelWithItsMetadata) {
  auto creator = signup("creator");
  auto ended = stream_and_end(creator, json::object{{"sensitivity", "sensitive"}}, true);
  ASSERT_EQ(ended.status, 200) << ended.body;
  const auto& reel = ended.json.at("reel");
  ASSERT_TRUE(reel.is_object()) << ended.body;
  EXPECT_EQ(reel.at("title").as_string(), "Evening set");
  EXPECT_EQ(reel.at("description").as_string(), "from the balcony");
  EXPECT_EQ(reel.at("sensitivity").as_string(), "sensitive");
  EXPECT_EQ(reel.at("author").at("handle").as_string(), "creator");
  EXPECT_EQ(reel.at("sourceStreamId"), ended.json.at("stream").at("id"));
  EXPECT_EQ(ended.json.at("stream").at("reelId"), reel.at("id"));
  EXPECT_NEAR(static_cast<double>(reel.at("durationMs").as_int64()), 5950, 300);
  std::string id(reel.at("id").as_string());
  EXPECT_EQ(reel.at("videoUrl").as_string(), "/media/reels/" + id);

  auto viewer = signup("viewer");
  auto list = viewer.http->get("/api/reels");
  ASSERT_EQ(list.json.at("items").as_array().size(), 1u);
  EXPECT_TRUE(viewer.http->get("/api/reels?scope=following").json.at("items").as_array().empty());
  EXPECT_EQ(viewer.http->get("/api/reels/" + id).json.at("reel").at("id").as_string(), id);
  expect_error(viewer.http->get("/api/reels/nope"), 404, "not_found");
  expect_error(viewer.http->get("/api/reels?scope=mine"), 400, "validation_failed");
  expect_error(viewer.http->get("/api/reels?cursor=bogus"), 400, "validation_failed");
}

TEST_F(ReelsApi, ReelVideoSupportsRangesAndRevalidation) {
  auto creator = signup("creator");
  auto ended = stream_and_end(creator, {}, true);
  std::string id(ended.json.at("reel").at("id").as_string());
  auto viewer = signup("viewer");
  auto whole = viewer.http->get("/media/reels/" + id);
  ASSERT_EQ(whole.status, 200);
  EXPECT_EQ(whole.header("content-type"), "video/webm");
  EXPECT_EQ(whole.header("accept-ranges"), "bytes");
  auto size = whole.body.size();
  ASSERT_GT(size, 100000u);
  EXPECT_EQ(whole.body.substr(0, 4), "\x1A\x45\xDF\xA3");

  auto first = viewer.http->request("GET", "/media/reels/" + id, std::nullopt, {{"Range", "bytes=0-99"}});
  EXPECT_EQ(first.status, 206);
  EXPECT_EQ(first.body, whole.body.substr(0, 100));
  EXPECT_EQ(first.header("content-range"), "bytes 0-99/" + std::to_string(size));
  auto middle = viewer.http->request("GET", "/media/reels/" + id, std::nullopt, {{"Range", "bytes=1000-1999"}});
  EXPECT_EQ(middle.body, whole.body.substr(1000, 1000));
  auto suffix = viewer.http->request("GET", "/media/reels/" + id, std::nullopt, {{"Range", "bytes=-500"}});
  EXPECT_EQ(suffix.body, whole.body.substr(size - 500));
  auto open = viewer.http->request("GET", "/media/reels/" + id, std::nullopt, {{"Range", "bytes=5000-"}});
  EXPECT_EQ(open.body, whole.body.substr(5000));
  auto beyond = viewer.http->request("GET", "/media/reels/" + id, std::nullopt,
                                     {{"Range", "bytes=" + std::to_string(size) + "-"}});
  EXPECT_EQ(beyond.status, 416);
  EXPECT_EQ(beyond.header("content-range"), "bytes */" + std::to_string(size));
  auto cached = viewer.http->request("GET", "/media/reels/" + id, std::nullopt, {{"If-None-Match", whole.header("etag")}});
  EXPECT_EQ(cached.status, 304);
  EXPECT_TRUE(cached.body.empty());
  auto thumb = viewer.http->get("/media/reels/" + id + "/thumbnail");
  EXPECT_EQ(thumb.status, 200);
  EXPECT_EQ(thumb.header("content-type"), "image/jpeg");
  EXPECT_EQ(thumb.body.substr(0, 2), "\xFF\xD8");
  // A public reel plays for visitors too; a bad bearer token is still refused.
  EXPECT_EQ(client()->get("/media/reels/" + id).status, 200);
  auto forged = client();
  forged->set_token("forged");
  expect_error(forged->get("/media/reels/" + id), 401, "unauthenticated");
}

TEST_F(ReelsApi, GatedReelsNeedAFollowOrAPurchase) {
  auto creator = signup("creator");
  auto paid = stream_and_end(creator, json::object{{"gating", "paid"}, {"priceCredits", 20}}, true);
  std::string id(paid.json.at("reel").at("id").as_string());
  EXPECT_EQ(paid.json.at("reel").at("priceCredits").as_int64(), 20);
  auto buyer = signup("buyer");
  auto refused = buyer.http->get("/media/reels/" + id);
  expect_error(refused, 402, "payment_required");
  EXPECT_EQ(refused.json.at("error").at("details").at("priceCredits").as_int64(), 20);
  buyer.http->post_json("/api/me/wallet/top-up", json::object{{"credits", 20}, {"idempotencyKey", "t"}});
  auto bought = buyer.http->post_json("/api/purchases", json::object{{"itemType", "reel"}, {"itemId", id}, {"idempotencyKey", "r"}});
  ASSERT_EQ(bought.status, 201) << bought.body;
  EXPECT_EQ(buyer.http->request("GET", "/media/reels/" + id, std::nullopt, {{"Range", "bytes=0-9"}}).status, 206);
  EXPECT_EQ(creator.http->request("GET", "/media/reels/" + id, std::nullopt, {{"Range", "bytes=0-9"}}).status, 206);

  auto followers = stream_and_end(creator, json::object{{"gating", "followers"}}, true);
  std::string fid(followers.json.at("reel").at("id").as_string());
  expect_error(buyer.http->get("/media/reels/" + fid + "/thumbnail"), 403, "followers_only");
  buyer.http->post("/api/users/creator/follow", "");
  EXPECT_EQ(buyer.http->get("/media/reels/" + fid + "/thumbnail").status, 200);
}

TEST_F(ReelsApi, ABuyerOfAPaidLiveWatchesItsReelWithoutPayingAgain) {
  auto creator = signup("creator");
  auto created = creator.http->post_json("/api/live-streams", json::object{{"title", "Paid set"}, {"sensitivity", "none"},
                                                                           {"gating", "paid"}, {"priceCredits", 20}});
  ASSERT_EQ(created.status, 201) << created.body;
  std::string live_id(created.json.at("stream").at("id").as_string());
  auto buyer = signup("buyer");
  buyer.http->post_json("/api/me/wallet/top-up", json::object{{"credits", 20}, {"idempotencyKey", "t"}});
  auto bought = buyer.http->post_json("/api/purchases", json::object{{"itemType", "live_stream"}, {"itemId", live_id},
                                                                     {"idempotencyKey", "live"}});
  ASSERT_EQ(bought.status, 201) << bought.body;
  auto rec = load_recording("vp8_opus_05mbps_6s");
  {
    WsClient publisher(server_->port(), path_of(created.json.at("publish")));
    for (const auto& chunk : rec.chunks) publisher.send_binary(chunk);
    EXPECT_TRUE(wait_for_file_size(recording_part(server_->data_dir(), live_id), rec.bytes.size()));
  }
  auto ended = creator.http->post("/api/live-streams/" + live_id + "/end", R"({"saveRecording":true})");
  ASSERT_EQ(ended.status, 200) << ended.body;
  std::string reel_id(ended.json.at("reel").at("id").as_string());

  EXPECT_EQ(buyer.http->request("GET", "/media/reels/" + reel_id, std::nullopt, {{"Range", "bytes=0-9"}}).status, 206);
  // Buying it again answers with the purchase that opened it; nothing is charged.
  auto again = buyer.http->post_json("/api/purchases", json::object{{"itemType", "reel"}, {"itemId", reel_id},
                                                                    {"idempotencyKey", "reel"}});
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json.at("balanceCredits").as_int64(), 0);
  EXPECT_EQ(buyer.http->get("/api/me/wallet").json.at("balanceCredits").as_int64(), 0);
  // Anyone else still pays.
  auto stranger = signup("stranger");
  expect_error(stranger.http->get("/media/reels/" + reel_id), 402, "payment_required");
}

TEST_F(ReelsApi, OwnersEditAndDeleteOthersCannot) {
  auto creator = signup("creator");
  auto other = signup("other");
  auto ended = stream_and_end(creator, {}, true);
  std::string id(ended.json.at("reel").at("id").as_string());
  expect_error(other.http->request("PATCH", "/api/reels/" + id, std::string(R"({"title":"mine now"})")), 403, "forbidden");
  expect_error(creator.http->request("PATCH", "/api/reels/" + id, std::string(R"({"title":""})")), 400, "validation_failed");
  auto edited = creator.http->request("PATCH", "/api/reels/" + id, std::string(R"({"title":"Renamed"})"));
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(edited.json.at("reel").at("title").as_string(), "Renamed");
  EXPECT_EQ(edited.json.at("reel").at("description").as_string(), "from the balcony");
  expect_error(other.http->request("DELETE", "/api/reels/" + id), 403, "forbidden");
  auto video = server_->data().path() / "media" / "recordings" / (ended.json.at("stream").at("id").as_string().c_str() + std::string(".webm"));
  ASSERT_TRUE(std::filesystem::exists(video));
  EXPECT_EQ(creator.http->request("DELETE", "/api/reels/" + id).status, 204);
  EXPECT_FALSE(std::filesystem::exists(video));
  expect_error(creator.http->get("/api/reels/" + id), 404, "not_found");
  EXPECT_EQ(count("SELECT COUNT(*) FROM reels"), 0);
}

TEST_F(ReelsApi, DiscardedStreamMakesNoReel) {
  auto creator = signup("creator");
  auto ended = stream_and_end(creator, {}, false);
  ASSERT_EQ(ended.status, 200);
  EXPECT_TRUE(ended.json.at("reel").is_null());
  EXPECT_EQ(ended.json.at("stream").at("recording").as_string(), "discarded");
  EXPECT_EQ(count("SELECT COUNT(*) FROM reels"), 0);
  EXPECT_TRUE(std::filesystem::is_empty(server_->data().path() / "media" / "live"));
}

}  // namespace
}  // namespace onair::testing
