#include "notify/email.hpp"

#include <gtest/gtest.h>

#include "core/crypto.hpp"

namespace onair::notify {
namespace {

Email sample() {
  Email e;
  e.to = "fan@example.test";
  e.subject = "Creator is live";
  e.text = "Night session\nWatch: http://x/live/1";
  e.html = "<p>Night session</p>";
  e.unsubscribe_url = "http://x/api/notifications/unsubscribe?token=abc";
  e.message_id = "<n1.email@onair>";
  return e;
}

TEST(Email, Rfc5322MessageHasBothPartsAndOneClickUnsubscribe) {
  crypto::init();
  auto m = render_rfc5322(sample(), "onair <no-reply@onair.local>", 1795840506719);
  EXPECT_NE(m.find("From: onair <no-reply@onair.local>\r\n"), std::string::npos);
  EXPECT_NE(m.find("To: fan@example.test\r\n"), std::string::npos);
  EXPECT_NE(m.find("Subject: Creator is live\r\n"), std::string::npos);
  EXPECT_NE(m.find("Date: Sat, 28 Nov 2026 04:35:06 +0000\r\n"), std::string::npos);
  EXPECT_NE(m.find("List-Unsubscribe: <http://x/api/notifications/unsubscribe?token=abc>\r\n"), std::string::npos);
  EXPECT_NE(m.find("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"), std::string::npos);
  EXPECT_NE(m.find("multipart/alternative"), std::string::npos);
  EXPECT_NE(m.find("text/plain; charset=utf-8"), std::string::npos);
  EXPECT_NE(m.find("text/html; charset=utf-8"), std::string::npos);
  EXPECT_NE(m.find("Night session\r\nWatch:"), std::string::npos) << "bare LF become CRLF";
}

TEST(Email, HeadersCannotBeInjectedAndUnicodeSubjectsAreEncoded) {
  crypto::init();
  auto e = sample();
  e.subject = "Évènement\r\nBcc: victim@example.test";
  auto m = render_rfc5322(e, "onair <no-reply@onair.local>", 0);
  EXPECT_EQ(m.find("\r\nBcc:"), std::string::npos);
  EXPECT_NE(m.find("Subject: =?UTF-8?B?"), std::string::npos);
}

}  // namespace
}  // namespace onair::notify
