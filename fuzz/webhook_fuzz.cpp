// livekit::WebhookReceiver::receive, the check and parse of LiveKit's webhooks.
//
// Byte 0 picks a mode; the rest is:
//   0: the Authorization header '\n' the body, as anyone can send them (mostly stops at the JWT
//      check; the seeds carry tokens signed with the harness's secret to get past it);
//   1: the body, with an Authorization minted here as LiveKit signs it (the sha256 claim is the
//      body's digest), so the event parser and the room/participant/track/egress readers run.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/crypto.hpp"
#include "livekit/webhook.hpp"

namespace {

using onair::livekit::TokenClaims;
using onair::livekit::TokenSigner;
using onair::livekit::WebhookEvent;
using onair::livekit::WebhookReceiver;

constexpr std::int64_t kNow = 1'764'000'000;

void check(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "webhook_fuzz: %s\n", what);
    std::abort();
  }
}

void check_received(const onair::Result<WebhookEvent>& event) {
  if (!event) {
    auto code = event.error().code;
    check(code == onair::ErrorCode::unauthenticated || code == onair::ErrorCode::invalid_json ||
              code == onair::ErrorCode::validation_failed,
          "a webhook failed with an unexpected code");
    return;
  }
  check(!event->event.empty(), "a webhook without an event was accepted");
  (void)event->room_name();
  if (event->egress) (void)event->egress->finished();
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  onair::crypto::init();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const TokenSigner signer("APIfuzzkey", "fuzzing-secret-0123456789abcdefghijklmnop");
  static const WebhookReceiver receiver(signer);
  if (size == 0) return 0;
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] % 2 == 0) {
    auto newline = rest.find('\n');
    if (newline == std::string_view::npos) return 0;
    check_received(receiver.receive(rest.substr(newline + 1), rest.substr(0, newline), kNow));
    return 0;
  }
  TokenClaims claims;
  claims.now_seconds = kNow;
  claims.sha256 = onair::livekit::body_digest(rest);
  check_received(receiver.receive(rest, signer.mint(claims), kNow));
  return 0;
}
