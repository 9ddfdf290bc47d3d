#include "notify/email.hpp"

#include <curl/curl.h>

#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>

#include <fmt/format.h>

#include "core/crypto.hpp"

namespace onair::notify {
namespace {

std::string rfc5322_date(TimeMs ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

/// Header values never carry line breaks (no header injection).
std::string header_safe(std::string value) {
  for (auto& c : value) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  return value;
}

/// RFC 2047 encoded-word for a subject that is not plain ASCII.
std::string encode_subject(const std::string& subject) {
  bool ascii = true;
  for (unsigned char c : subject) ascii = ascii && c >= 0x20 && c < 0x7f;
  if (ascii) return subject;
  return "=?UTF-8?B?" + crypto::base64_encode(subject) + "?=";
}

std::string crlf(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) out += '\r';
    out += text[i];
  }
  return out;
}

}  // namespace

std::string render_rfc5322(const Email& email, const std::string& from, TimeMs date) {
  std::string boundary = "onair-" + crypto::random_id();
  std::string m;
  m += "From: " + header_safe(from) + "\r\n";
  m += "To: " + header_safe(email.to) + "\r\n";
  m += "Subject: " + header_safe(encode_subject(email.subject)) + "\r\n";
  m += "Date: " + rfc5322_date(date) + "\r\n";
  m += "Message-ID: " + header_safe(email.message_id) + "\r\n";
  m += "MIME-Version: 1.0\r\n";
  m += "List-Unsubscribe: <" + header_safe(email.unsubscribe_url) + ">\r\n";
  m += "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n";
  m += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
  m += "--" + boundary + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n";
  m += crlf(email.text) + "\r\n";
  m += "--" + boundary + "\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n";
  m += crlf(email.html) + "\r\n";
  m += "--" + boundary + "--\r\n";
  return m;
}

Status OutboxMailer::send(const Email& email, TimeMs now) {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  auto name = fmt::format("{}-{}.eml", now, crypto::random_id());
  auto path = std::filesystem::path(dir_) / name;
  auto tmp = path;
  tmp += ".tmp";
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) return Error{ErrorCode::media_backend_unavailable, "cannot write to the outbox " + dir_, {}};
  auto message = render_rfc5322(email, from_, now);
  bool ok = std::fwrite(message.data(), 1, message.size(), f) == message.size();
  ok = std::fclose(f) == 0 && ok;
  if (!ok) {
    std::filesystem::remove(tmp, ec);
    return Error{ErrorCode::media_backend_unavailable, "cannot write to the outbox " + dir_, {}};
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) return Error{ErrorCode::media_backend_unavailable, "cannot write to the outbox: " + ec.message(), {}};
  return ok_status();
}

namespace {
struct Upload {
  std::string data;
  std::size_t offset = 0;
};
std::size_t read_message(char* buffer, std::size_t size, std::size_t n, void* user) {
  auto* up = static_cast<Upload*>(user);
  auto len = std::min(size * n, up->data.size() - up->offset);
  std::memcpy(buffer, up->data.data() + up->offset, len);
  up->offset += len;
  return len;
}
std::string address_of(const std::string& from) {
  auto lt = from.find('<');
  auto gt = from.find('>');
  if (lt != std::string::npos && gt != std::string::npos && gt > lt) return from.substr(lt, gt - lt + 1);
  return "<" + from + ">";
}
}  // namespace

SmtpMailer::SmtpMailer(std::string url, std::string from)
    : url_(std::move(url)), from_(std::move(from)), curl_(curl_easy_init()) {}

SmtpMailer::~SmtpMailer() {
  if (curl_ != nullptr) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

Status SmtpMailer::send(const Email& email, TimeMs now) {
  std::lock_guard lock(mutex_);
  auto* curl = static_cast<CURL*>(curl_);
  if (curl == nullptr) return Error{ErrorCode::media_backend_unavailable, "curl unavailable", {}};
  curl_easy_reset(curl);  // options only: the open connection stays for the next email
  Upload upload{render_rfc5322(email, from_, now), 0};
  curl_slist* recipients = curl_slist_append(nullptr, ("<" + email.to + ">").c_str());
  std::string from = address_of(from_);
  curl_easy_setopt(curl, CURLOPT_URL, url_.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_message);
  curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));  // STARTTLS when offered
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  CURLcode rc = curl_easy_perform(curl);
  long reply = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply);
  curl_slist_free_all(recipients);
  if (rc == CURLE_OK) return ok_status();
  auto why = fmt::format("SMTP: {} (reply {})", curl_easy_strerror(rc), reply);
  if (reply >= 500 && reply < 600) return Error{ErrorCode::validation_failed, why, {}};  // permanent
  return Error{ErrorCode::media_backend_unavailable, why, {}};
}

}  // namespace onair::notify
