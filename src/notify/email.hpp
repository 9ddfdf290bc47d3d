#pragma once

#include <mutex>
#include <string>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace onair::notify {

/// One email as onair sends it: a text and an HTML part, and a one-click unsubscribe link.
struct Email {
  std::string to;
  std::string subject;
  std::string text;
  std::string html;
  std::string unsubscribe_url;  // RFC 8058 List-Unsubscribe (POST one-click)
  std::string message_id;       // unique per notification × channel, so a retry is recognisable
};

/// The RFC 5322 message (CRLF line ends, multipart/alternative, List-Unsubscribe headers).
std::string render_rfc5322(const Email& email, const std::string& from, TimeMs date);

/// Where email goes. Implementations: an outbox of .eml files, or SMTP.
class Mailer {
 public:
  virtual ~Mailer() = default;
  /// Errors: `media_backend_unavailable` for a transient failure (retry later), anything else is
  /// permanent (do not retry).
  virtual Status send(const Email& email, TimeMs now) = 0;
};

/// Writes each email as `<dir>/<time>-<id>.eml` (written whole, then renamed into place).
class OutboxMailer final : public Mailer {
 public:
  OutboxMailer(std::string dir, std::string from) : dir_(std::move(dir)), from_(std::move(from)) {}
  Status send(const Email& email, TimeMs now) override;

 private:
  std::string dir_;
  std::string from_;
};

/// Sends through an SMTP server with libcurl (smtp:// with STARTTLS when offered, smtps://;
/// credentials in the URL), with connect and overall timeouts. 5xx replies are permanent.
class SmtpMailer final : public Mailer {
 public:
  SmtpMailer(std::string url, std::string from);
  ~SmtpMailer() override;
  Status send(const Email& email, TimeMs now) override;

 private:
  std::string url_;
  std::string from_;
  std::mutex mutex_;       // guards curl_
  void* curl_ = nullptr;   // one libcurl handle, so its SMTP connection is reused between emails
};

}  // namespace onair::notify
