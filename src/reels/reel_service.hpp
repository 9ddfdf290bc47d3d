#pragma once

#include <chrono>

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
  /// Reels are kept under `<media_root>/reels` (ONAIR_MEDIA_DIR, which instances may share); rows
  /// hold paths relative to `media_root`, so every instance sharing it serves every reel. Reels
  /// returned carry absolute paths.
  ReelService(store::Database& db, const Clock& clock, std::string media_root = "./data/media");

  /// Removes files under the media directory that belong to no reel and are older than
  /// `min_age` (an upload or reel cut short by a crash); returns how many. At start-up.
  int sweep_orphans(std::chrono::seconds min_age);
  /// Makes the reel of a stream whose recording was saved at `video` (with an optional
  /// thumbnail); it carries the stream's metadata. Idempotent per stream.
  Result<Reel> create_from_stream(const LiveStream& stream, const std::string& video,
                                  const std::optional<std::string>& thumbnail);
  struct UploadInput {
    std::string title;
    std::string description;
    Sensitivity sensitivity = Sensitivity::none;
    Gating gating = Gating::everyone;
    std::int64_t price_credits = 0;
    std::string media_type;  // video/webm or video/mp4
  };
  /// Makes a reel of an uploaded file (moved into `media_dir`): probed as real video, duration
  /// read, thumbnail cut. On any failure nothing stays behind: no row, no file.
  Result<Reel> create_uploaded(const User& author, const UploadInput& input, const std::string& file);
  Result<Reel> get(const std::string& id);
  /// The reel as `viewer` may see it: not_found while its author is suspended (admins see it).
  Result<Reel> get_for(const User& viewer, const std::string& id);
  /// Newest first: every reel, those of authors `viewer` follows, or (`author_id`) one author's.
  Result<ReelPage> list(const User& viewer, bool following_only, const std::optional<std::string>& cursor,
                        int limit, const std::optional<std::string>& author_id = std::nullopt);
  /// Owner only; fields left unset stay as they are.
  Result<Reel> update(const User& actor, const std::string& id, const std::optional<std::string>& title,
                      const std::optional<std::string>& description);
  /// Owner or admin; the files go too.
  Status remove(const User& actor, const std::string& id);
  /// Whether `viewer` may play the reel: followers-only and paid reels as for live streams.
  Status can_watch(const User& viewer, const Reel& reel);

 private:
  /// `path` as a row holds it: relative to the media root when under it.
  std::string to_row(const std::string& path) const;
  /// A reel read from a row, its paths made absolute.
  Reel from_row(Reel reel) const;

  store::Database& db_;
  const Clock& clock_;
  std::string media_root_;
  std::string media_dir_;  // <media_root>/reels
};

}  // namespace onair::reels
