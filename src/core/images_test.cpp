#include "core/images.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace onair {
namespace {

TEST(Images, SignaturesNameTheType) {
  EXPECT_EQ(sniff_image(std::string("\xFF\xD8\xFF\xE0\x00\x10JFIF", 10)), "image/jpeg");
  EXPECT_EQ(sniff_image(std::string("\x89PNG\r\n\x1A\n\0\0", 10)), "image/png");
  EXPECT_EQ(sniff_image(std::string("RIFF\x10\0\0\0WEBPVP8 ", 16)), "image/webp");
  EXPECT_EQ(sniff_image(std::string("RIFF\x10\0\0\0WAVEfmt ", 16)), std::nullopt);
  EXPECT_EQ(sniff_image("<svg xmlns=…>"), std::nullopt);
  EXPECT_EQ(sniff_image(""), std::nullopt);
  EXPECT_EQ(sniff_image("\xFF\xD8"), std::nullopt);  // cut short
  EXPECT_EQ(image_extension("image/png"), "png");
  EXPECT_EQ(image_extension("image/webp"), "webp");
  EXPECT_EQ(image_extension("image/jpeg"), "jpg");
}

TEST(Images, FilesAreWrittenWholeIntoNewDirectories) {
  auto dir = std::filesystem::temp_directory_path() / ("onair-images-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::string path = (dir / "a" / "b.jpg").string();
  ASSERT_TRUE(write_file_atomically(path, "first"));
  ASSERT_TRUE(write_file_atomically(path, "second"));
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(text, "second");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir / "a"), {}), 1);  // no temporaries left

  std::string moved = (dir / "c" / "d.jpg").string();
  ASSERT_TRUE(move_file_into(path, moved));
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_TRUE(std::filesystem::exists(moved));
  EXPECT_FALSE(move_file_into((dir / "missing").string(), (dir / "e.jpg").string()));
  EXPECT_FALSE(std::filesystem::exists(dir / "e.jpg"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace onair
