#include "store/chat_repository.hpp"

#include "core/crypto.hpp"
#include "store/stream_repository.hpp"
#include "support/store_fixture.hpp"

namespace onair::store {
namespace {

// Runs on SQLite and, in the store suite, on PostgreSQL (ids from BIGSERIAL via RETURNING).
class ChatStoreTest : public testing::StoreFixture {};

TEST_F(ChatStoreTest, MessagesGetIncreasingIdsPageInOrderAndCanBeRemoved) {
  auto author = add_user("author");
  LiveStream s;
  s.id = crypto::random_id();
  s.author = author;
  s.title = "t";
  s.created_at = clock_.now_ms();
  ASSERT_TRUE(db_->write([&](Conn& c) { return streams::insert(c, s); }).ok());
  std::vector<ChatMessage> sent;
  for (int i = 0; i < 3; ++i) {
    sent.push_back(db_->write([&](Conn& c) -> Result<ChatMessage> {
                         return chat::insert(c, s.id, author, "m" + std::to_string(i), clock_.now_ms());
                       }).value());
  }
  EXPECT_LT(sent[0].id, sent[1].id);
  EXPECT_LT(sent[1].id, sent[2].id);
  auto page = db_->read([&](Conn& c) -> Result<std::vector<ChatMessage>> {
                   return chat::list_after(c, s.id, sent[0].id, 10);
                 }).value();
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].text, "m1");
  EXPECT_EQ(page[0].author.handle, "author");
  auto newest = db_->read([&](Conn& c) -> Result<std::vector<ChatMessage>> { return chat::latest(c, s.id, 2); }).value();
  ASSERT_EQ(newest.size(), 2u);
  EXPECT_EQ(newest[0].text, "m1");
  EXPECT_EQ(newest[1].text, "m2");
  EXPECT_TRUE(db_->write([&](Conn& c) -> Result<bool> { return chat::remove(c, s.id, sent[1].id); }).value());
  EXPECT_FALSE(db_->write([&](Conn& c) -> Result<bool> { return chat::remove(c, s.id, sent[1].id); }).value());
  EXPECT_FALSE(db_->write([&](Conn& c) -> Result<bool> { return chat::remove(c, "other", sent[2].id); }).value());
  EXPECT_EQ(db_->read([&](Conn& c) -> Result<std::vector<ChatMessage>> { return chat::list_after(c, s.id, 0, 10); })
                .value()
                .size(),
            2u);
}

}  // namespace
}  // namespace onair::store
