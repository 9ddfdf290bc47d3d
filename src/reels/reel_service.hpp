#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/model.hpp"
#include "core/result.hpp"

namespace onair::store {
class Database;
}

namespace onair::reels {

struct ReelPage {
  std::vector<Reel> items;
  std::optional<std::string> next_cursor;
};

/// Reels: listing, reading, editing, deleting, the watch gate, and turning a saved live-stream
/// recording into a reel. Blocking: worker pool only.
class ReelService {
 public:
  ReelService(store::Database& db, const Clock& clock);

  /// Makes the reel of a stream whose recording was saved at `video` (with an optional
  /// thumbnail); it carries the stream's metadata. Idempotent per stream.
  Result<Reel> create_from_stream(const LiveStream& stream, const std::string& video,
                                  const std::optional<std::string>& thumbnail);
  Result<Reel> get(const std::string& id);
  Result<ReelPage> list(const User& viewer, bool following_only, const std::optional<std::string>& cursor,
                        int limit);
  /// Owner only; fields left unset stay as they are.
  Result<Reel> update(const User& actor, const std::string& id, const std::optional<std::string>& title,
                      const std::optional<std::string>& description);
  /// Owner or admin; the files go too.
  Status remove(const User& actor, const std::string& id);
  /// Whether `viewer` may play the reel: followers-only and paid reels as for live streams.
  Status can_watch(const User& viewer, const Reel& reel);

 private:
  store::Database& db_;
  const Clock& clock_;
};

}  // namespace onair::reels
