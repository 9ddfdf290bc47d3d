#include "reels/reel_service.hpp"

#include <filesystem>

#include "core/crypto.hpp"
#include "core/cursor.hpp"
#include "media/ffmpeg.hpp"
#include "store/reel_repository.hpp"
#include "store/stream_repository.hpp"
#include "store/user_repository.hpp"
#include "store/wallet_repository.hpp"

namespace onair::reels {
namespace {

Error not_found() { return Error::not_found("Reel"); }

}  // namespace

ReelService::ReelService(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

Result<Reel> ReelService::create_from_stream(const LiveStream& stream, const std::string& video,
                                             const std::optional<std::string>& thumbnail) {
  auto duration = media::probe_duration_ms(video);
  if (!duration) return std::move(duration).error();
  Reel reel;
  reel.id = crypto::random_id();
  reel.author = stream.author;
  reel.title = stream.title;
  reel.description = stream.description;
  reel.duration_ms = *duration;
  reel.media_path = video;
  reel.media_type = "video/webm";
  if (thumbnail && std::filesystem::exists(*thumbnail)) reel.thumbnail_path = thumbnail;
  reel.source_stream_id = stream.id;
  reel.sensitivity = stream.sensitivity;
  reel.gating = stream.gating;
  reel.price_credits = stream.price_credits;
  reel.created_at = clock_.now_ms();
  return db_.write([&](store::Conn& conn) -> Result<Reel> {
    if (auto existing = store::reels::find_by_stream(conn, stream.id)) return *existing;
    if (auto inserted = store::reels::insert(conn, reel); !inserted) return std::move(inserted).error();
    store::streams::set_reel(conn, stream.id, reel.id, reel.created_at);
    return reel;
  });
}

Result<Reel> ReelService::get(const std::string& id) {
  return db_.read([&](store::Conn& conn) -> Result<Reel> {
    auto reel = store::reels::find(conn, id);
    if (!reel) return not_found();
    return std::move(*reel);
  });
}

Result<ReelPage> ReelService::list(const User& viewer, bool following_only, const std::optional<std::string>& cursor,
                                   int limit) {
  std::optional<store::streams::Cursor> after;
  if (cursor) {
    auto decoded = decode_cursor(*cursor);
    if (!decoded) return std::move(decoded).error();
    after = store::streams::Cursor{decoded->created_at, decoded->id};
  }
  std::optional<std::string> followed_by;
  if (following_only) followed_by = viewer.id;
  auto rows = db_.read([&](store::Conn& conn) -> Result<std::vector<Reel>> {
    return store::reels::list(conn, followed_by, after, limit);
  });
  ReelPage page;
  page.items = std::move(*rows);
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.resize(limit);
    page.next_cursor = encode_cursor({page.items.back().created_at, page.items.back().id});
  }
  return page;
}

Result<Reel> ReelService::update(const User& actor, const std::string& id, const std::optional<std::string>& title,
                                 const std::optional<std::string>& description) {
  return db_.write([&](store::Conn& conn) -> Result<Reel> {
    auto reel = store::reels::find(conn, id);
    if (!reel) return not_found();
    if (reel->author.id != actor.id) return Error{ErrorCode::forbidden, "Only the reel's creator can edit it", {}};
    store::reels::update_text(conn, id, title.value_or(reel->title), description.value_or(reel->description),
                              clock_.now_ms());
    return *store::reels::find(conn, id);
  });
}

Status ReelService::remove(const User& actor, const std::string& id) {
  auto removed = db_.write([&](store::Conn& conn) -> Result<Reel> {
    auto reel = store::reels::find(conn, id);
    if (!reel) return not_found();
    if (reel->author.id != actor.id && !actor.is_admin) {
      return Error{ErrorCode::forbidden, "Only the reel's creator or an admin can delete it", {}};
    }
    store::reels::remove(conn, id);
    return std::move(*reel);
  });
  if (!removed) return std::move(removed).error();
  std::error_code ec;  // the row is gone first: a file left behind is an orphan, never a broken reel
  std::filesystem::remove(removed->media_path, ec);
  if (removed->thumbnail_path) std::filesystem::remove(*removed->thumbnail_path, ec);
  return ok_status();
}

Status ReelService::can_watch(const User& viewer, const Reel& reel) {
  if (viewer.id == reel.author.id || viewer.is_admin) return ok_status();
  return db_.read([&](store::Conn& conn) -> Status {
    if (reel.gating == Gating::followers && !store::follows::is_following(conn, viewer.id, reel.author.id)) {
      return Error{ErrorCode::followers_only, "Only followers of @" + reel.author.handle + " can watch",
                   {{"authorHandle", reel.author.handle}}};
    }
    if (reel.gating == Gating::paid &&
        !store::purchases::find_for_item(conn, viewer.id, ItemType::reel, reel.id)) {
      return Error{ErrorCode::payment_required, "This reel is paid content",
                   {{"priceCredits", reel.price_credits}, {"itemType", std::string("reel")}, {"itemId", reel.id}}};
    }
    return ok_status();
  });
}

}  // namespace onair::reels
