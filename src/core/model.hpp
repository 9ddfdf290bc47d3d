#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace onair {

/// A member of the social app.
struct User {
  std::string id;
  std::string handle;
  std::string email;
  std::string display_name;
  bool is_admin = false;
  TimeMs created_at = 0;
  /// When the avatar was uploaded (its version); none: the client draws initials.
  std::optional<TimeMs> avatar_at;
  /// Read with profiles only (GET /api/me, /api/users/{handle}); none elsewhere.
  std::optional<std::string> bio;
};

/// An uploaded avatar: its version (when it was uploaded) and its image type (image/jpeg, …).
struct Avatar {
  TimeMs at = 0;
  std::string type;
};

enum class StreamStatus { created, live, interrupted, ended };
enum class Sensitivity { none, sensitive };
enum class Gating { everyone, followers, paid };  // "public" on the wire
enum class RecordingState { none, recording, saved, discarded, failed };

std::string_view to_string(StreamStatus v);
std::string_view to_string(Sensitivity v);
std::string_view to_string(Gating v);
std::string_view to_string(RecordingState v);
std::optional<StreamStatus> parse_stream_status(std::string_view text);
std::optional<Sensitivity> parse_sensitivity(std::string_view text);
std::optional<Gating> parse_gating(std::string_view text);
std::optional<RecordingState> parse_recording_state(std::string_view text);

/// A live stream as stored, with its author.
struct LiveStream {
  std::string id;
  User author;
  std::string title;
  std::string description;
  StreamStatus status = StreamStatus::created;
  Sensitivity sensitivity = Sensitivity::none;
  Gating gating = Gating::everyone;
  std::int64_t price_credits = 0;
  std::int64_t viewer_count = 0;
  std::int64_t peak_viewers = 0;
  TimeMs created_at = 0;
  std::optional<TimeMs> started_at;
  std::optional<TimeMs> ended_at;
  std::optional<std::string> end_reason;
  RecordingState recording = RecordingState::none;
  std::optional<std::string> reel_id;
  /// The instance holding the stream's publisher on the built-in relay (empty: none known).
  std::string owner_instance;
  /// When the newest live thumbnail was posted (its version); none before the first.
  std::optional<TimeMs> thumbnail_at;
  /// What the creator switched off (viewers see a placeholder, or a muted sign).
  bool camera_on = true;
  bool microphone_on = true;
};

/// A short video: uploaded, or kept from a live stream.
struct Reel {
  std::string id;
  User author;
  std::string title;
  std::string description;
  std::int64_t duration_ms = 0;
  std::string media_path;  // on disk, under the data dir
  std::string media_type;  // video/webm or video/mp4
  std::optional<std::string> thumbnail_path;
  std::optional<std::string> source_stream_id;
  Sensitivity sensitivity = Sensitivity::none;
  Gating gating = Gating::everyone;
  std::int64_t price_credits = 0;
  TimeMs created_at = 0;
};

enum class ItemType { live_stream, reel };
std::string_view to_string(ItemType v);
std::optional<ItemType> parse_item_type(std::string_view text);

/// A bought right to watch one item.
struct Purchase {
  std::string id;
  std::string buyer_id;
  ItemType item_type = ItemType::live_stream;
  std::string item_id;
  std::int64_t price_credits = 0;
  std::string idempotency_key;
  TimeMs created_at = 0;
};

}  // namespace onair
