// Token minting rate: onair's TokenSigner against livekit-server-sdk's AccessToken.toJwt(),
// in the same run, one thread each, the same viewer grant (join is the hot path).
//
//   build/bench/livekit_tokens [seconds]        (default 3; needs tests/livekit-standin npm ci)

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "livekit/access_token.hpp"

namespace {

double onair_rate(double seconds) {
  onair::livekit::TokenSigner signer("APIbenchKey", "bench-secret-bench-secret-bench-secret-12");
  std::size_t bytes = 0;
  long long n = 0;
  auto start = std::chrono::steady_clock::now();
  auto deadline = start + std::chrono::duration<double>(seconds);
  while (true) {
    for (int i = 0; i < 1000; ++i, ++n) {
      onair::livekit::TokenClaims c;
      c.identity = "viewer:u" + std::to_string(n) + ":w";
      c.name = "Viewer";
      c.video.room_join = true;
      c.video.room = "stream-room-0123456789";
      c.video.can_publish = false;
      c.video.can_subscribe = true;
      c.video.can_publish_data = true;
      c.now_seconds = 1'700'000'000 + n / 1000;
      c.ttl_seconds = 300;
      bytes += signer.mint(c).size();
    }
    if (std::chrono::steady_clock::now() >= deadline) break;
  }
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("onair TokenSigner::mint: %.0f tokens/s (%.0f ns/token, %zu bytes avg)\n", n / elapsed,
              elapsed * 1e9 / static_cast<double>(n), bytes / static_cast<std::size_t>(n));
  return n / elapsed;
}

double sdk_rate(double seconds) {
  std::string command = std::string("cd '") + ONAIR_SOURCE_DIR + "/tests/livekit-standin' && node bench-token.mjs --seconds " +
                        std::to_string(static_cast<int>(seconds));
  std::FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return 0;
  char line[512] = {0};
  double rate = 0;
  while (std::fgets(line, sizeof line, pipe) != nullptr) {
    std::fputs(line, stdout);
    if (const char* colon = std::strrchr(line, ':')) rate = std::atof(colon + 1);
  }
  ::pclose(pipe);
  return rate;
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = argc > 1 ? std::atof(argv[1]) : 3.0;
  double ours = onair_rate(seconds);
  double sdk = sdk_rate(seconds);
  if (sdk <= 0) {
    std::printf("livekit-server-sdk rate unavailable (run npm ci in tests/livekit-standin)\n");
    return 1;
  }
  std::printf("ratio: %.1fx the SDK (goal >= 20x)\n", ours / sdk);
  return 0;
}
