#include <filesystem>
#include <cstdlib>

#include "support/api_session.hpp"
#include "support/fixtures.hpp"
#include "support/temp_dir.hpp"

namespace onair::testing {
namespace {

std::string fixture(const std::string& name) {
  return read_file_bytes(std::string(ONAIR_SOURCE_DIR) + "/tests/fixtures/media/" + name);
}

class ReelUpload : public ApiTest {
 protected:
  std::map<std::string, std::string> server_env() override { return {{"ONAIR_MAX_UPLOAD_BYTES", "200000"}}; }

  HttpResponse upload(ApiUser& user, const std::string& query, const std::string& body, const std::string& type) {
    return user.http->request("POST", "/api/reels" + query, body, {{"Content-Type", type}});
  }

  std::size_t files_in(const std::string& dir) {
    auto path = server_->data().path() / dir;
    if (!std::filesystem::exists(path)) return 0;
    return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator(path), {}));
  }

  void expect_nothing_written() {
    EXPECT_EQ(count("SELECT COUNT(*) FROM reels"), 0);
    EXPECT_EQ(files_in("media/reels"), 0u);
    EXPECT_EQ(files_in("tmp"), 0u);
  }
};

TEST_F(ReelUpload, Mp4UploadBecomesAReelWithDurationAndThumbnail) {
  auto user = signup("maker");
  auto mp4 = fixture("sample_2s.mp4");
  auto res = upload(user, "?title=My%20clip&description=short&gating=public", mp4, "video/mp4");
  ASSERT_EQ(res.status, 201) << res.body;
  const auto& reel = res.json.at("reel");
  EXPECT_EQ(reel.at("title").as_string(), "My clip");
  EXPECT_EQ(reel.at("durationMs").as_int64(), 2000);
  EXPECT_TRUE(reel.at("sourceStreamId").is_null());
  EXPECT_FALSE(reel.at("thumbnailUrl").is_null());
  std::string id(reel.at("id").as_string());
  auto video = user.http->get("/media/reels/" + id);
  EXPECT_EQ(video.header("content-type"), "video/mp4");
  EXPECT_EQ(video.body, mp4);
  EXPECT_EQ(files_in("tmp"), 0u);
}

TEST_F(ReelUpload, LiveWebmIsRemuxedIntoASeekableReel) {
  auto user = signup("maker");
  auto res = upload(user, "?title=Recorded", fixture("vp8_only_3s.webm"), "video/webm");
  ASSERT_EQ(res.status, 201) << res.body;
  EXPECT_NEAR(static_cast<double>(res.json.at("reel").at("durationMs").as_int64()), 2900, 200);
}

TEST_F(ReelUpload, BadUploadsAreRefusedAndLeaveNothingBehind) {
  auto user = signup("maker");
  auto mp4 = fixture("sample_2s.mp4");
  expect_error(upload(user, "?title=x", "this is not a video", "video/webm"), 400, "validation_failed");
  expect_nothing_written();
  expect_error(upload(user, "?title=x", mp4.substr(0, mp4.size() / 2), "video/mp4"), 400, "validation_failed");
  expect_nothing_written();
  expect_error(upload(user, "?title=x", mp4, "application/json"), 400, "validation_failed");
  expect_error(upload(user, "", mp4, "video/mp4"), 400, "validation_failed");
  expect_error(upload(user, "?title=x&gating=paid", mp4, "video/mp4"), 400, "validation_failed");
  expect_error(upload(user, "?title=x&priceCredits=abc", mp4, "video/mp4"), 400, "validation_failed");
  expect_nothing_written();
}

TEST_F(ReelUpload, OversizeUploadIs413) {
  auto user = signup("maker");
  auto big = fixture("vp8_opus_05mbps_6s.webm");  // 370 KB > the 200 KB limit here
  expect_error(upload(user, "?title=x", big, "video/webm"), 413, "payload_too_large");
  expect_nothing_written();
}

TEST_F(ReelUpload, UnauthenticatedUploadIsRefusedBeforeItsBody) {
  auto http = client();
  expect_error(http->request("POST", "/api/reels?title=x", fixture("sample_2s.mp4"), {{"Content-Type", "video/mp4"}}),
               401, "unauthenticated");
  expect_nothing_written();
}

}  // namespace
}  // namespace onair::testing

namespace onair::testing {
namespace {

TEST_F(ReelUpload, MultipartFormUploadWithFieldsWorks) {
  auto user = signup("maker");
  auto mp4 = fixture("sample_2s.mp4");
  std::string boundary = "----onairboundary7MA4YWxk";
  std::string body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nForm clip\r\n" +
                     "--" + boundary + "\r\nContent-Disposition: form-data; name=\"gating\"\r\n\r\npublic\r\n" +
                     "--" + boundary +
                     "\r\nContent-Disposition: form-data; name=\"video\"; filename=\"clip.mp4\"\r\nContent-Type: video/mp4\r\n\r\n" +
                     mp4 + "\r\n--" + boundary + "--\r\n";
  auto res = upload(user, "", body, "multipart/form-data; boundary=" + boundary);
  ASSERT_EQ(res.status, 201) << res.body;
  EXPECT_EQ(res.json.at("reel").at("title").as_string(), "Form clip");
  std::string id(res.json.at("reel").at("id").as_string());
  EXPECT_EQ(user.http->get("/media/reels/" + id).body, mp4);
  EXPECT_EQ(files_in("tmp"), 0u);

  auto no_file = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nx\r\n--" + boundary + "--\r\n";
  expect_error(upload(user, "", no_file, "multipart/form-data; boundary=" + boundary), 400, "validation_failed");
  expect_error(upload(user, "", "garbage", "multipart/form-data; boundary=" + boundary), 400, "validation_failed");
  EXPECT_EQ(files_in("tmp"), 0u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM reels"), 1);
}

}  // namespace
}  // namespace onair::testing

namespace onair::testing {
namespace {

/// A phone-sized video: several MB, far above the JSON body limit (1 MiB by default).
class RealVideoUpload : public ApiTest {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    auto out = dir_->file("phone.mp4");
    std::string make = "ffmpeg -v error -y -f lavfi -i testsrc=size=640x480:rate=25 -vf noise=alls=60:allf=t "
                       "-t 5 -c:v libx264 -preset ultrafast -b:v 8M -pix_fmt yuv420p -movflags +faststart " + out;
    ASSERT_EQ(std::system(make.c_str()), 0);
    video_ = new std::string(read_file_bytes(out));
  }
  static void TearDownTestSuite() {
    delete video_;
    delete dir_;
  }
  static TempDir* dir_;
  static std::string* video_;
};
TempDir* RealVideoUpload::dir_ = nullptr;
std::string* RealVideoUpload::video_ = nullptr;

TEST_F(RealVideoUpload, AVideoOfSeveralMegabytesUploadsRawAndAsAForm) {
  ASSERT_GT(video_->size(), 3u << 20);
  auto user = signup("phone");
  auto raw = user.http->request("POST", "/api/reels?title=Raw", *video_, {{"Content-Type", "video/mp4"}});
  ASSERT_EQ(raw.status, 201) << raw.body;
  std::string raw_id(raw.json.at("reel").at("id").as_string());
  EXPECT_EQ(user.http->get("/media/reels/" + raw_id).body, *video_);

  std::string boundary = "----onairphone";
  std::string form = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nForm\r\n--" +
                     boundary + "\r\nContent-Disposition: form-data; name=\"video\"; filename=\"v.mp4\"\r\n" +
                     "Content-Type: video/mp4\r\n\r\n" + *video_ + "\r\n--" + boundary + "--\r\n";
  auto multipart = user.http->request("POST", "/api/reels", form,
                                      {{"Content-Type", "multipart/form-data; boundary=" + boundary}});
  ASSERT_EQ(multipart.status, 201) << multipart.body;
  EXPECT_EQ(count("SELECT COUNT(*) FROM reels"), 2);
}

TEST_F(RealVideoUpload, JsonBodiesKeepTheirOwnLimit) {
  auto http = client();
  std::string big = R"({"handle":"alice","email":"a@b.io","password":")" + std::string(2u << 20, 'x') + R"("})";
  expect_error(http->post("/api/auth/signup", big), 413, "payload_too_large");
  EXPECT_EQ(count("SELECT COUNT(*) FROM users"), 0);
}

}  // namespace
}  // namespace onair::testing
