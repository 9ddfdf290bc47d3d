#include "reels/reel_service.hpp"

#include <filesystem>

#include "core/crypto.hpp"
#include "core/cursor.hpp"
#include "media/ffmpeg.hpp"
#include "store/moderation_repository.hpp"
#include "store/reel_repository.hpp"
#include "store/stream_repository.hpp"
#include "store/user_repository.hpp"
#include "store/wallet_repository.hpp"

namespace onair::reels {
namespace {

Error not_found() { return Error::not_found("Reel"); }

/// Moves `from` to `to`, also onto another filesystem (a shared media directory): copied to a
/// temporary name beside `to`, then renamed, so `to` is never seen half-written.
bool move_file(const std::string& from, const std::string& to, std::error_code& ec) {
  std::filesystem::rename(from, to, ec);
  if (ec != std::errc::cross_device_link) return !ec;
  ec.clear();
  auto tmp = to + ".part";
  if (std::filesystem::copy_file(from, tmp, std::filesystem::copy_options::overwrite_existing, ec)) {
    std::filesystem::rename(tmp, to, ec);
  }
  std::error_code ignored;
  if (ec) {
    std::filesystem::remove(tmp, ignored);
    return false;
  }
  std::filesystem::remove(from, ignored);
  return true;
}

}  // namespace

ReelService::ReelService(store::Database& db, const Clock& clock, std::string media_root)
    : db_(db),
      clock_(clock),
      media_root_(std::filesystem::absolute(media_root).lexically_normal().string()),
      media_dir_((std::filesystem::path(media_root_) / "reels").string()) {}

std::string ReelService::to_row(const std::string& path) const {
  auto absolute = std::filesystem::absolute(path).lexically_normal();
  auto relative = absolute.lexically_relative(media_root_);
  if (relative.empty() || *relative.begin() == "..") return absolute.string();  // elsewhere (egress output)
  return relative.string();
}

Reel ReelService::from_row(Reel reel) const {
  auto resolve = [&](std::string& path) {
    if (!path.empty() && !std::filesystem::path(path).is_absolute()) {
      path = (std::filesystem::path(media_root_) / path).string();
    }
  };
  resolve(reel.media_path);
  if (reel.thumbnail_path) resolve(*reel.thumbnail_path);
  return reel;
}

Result<Reel> ReelService::create_uploaded(const User& author, const UploadInput& input, const std::string& file) {
  auto duration = media::probe_duration_ms(file);
  if (!duration && input.media_type == "video/webm") {
    // A live WebM (MediaRecorder's) has no Duration or Cues: remux it into a seekable file.
    auto remuxed = file + ".remux.webm";
    if (media::join_parts({file}, remuxed)) {
      std::error_code ec;
      std::filesystem::rename(remuxed, file, ec);
      duration = media::probe_duration_ms(file);
    } else {
      std::error_code ec;
      std::filesystem::remove(remuxed, ec);
    }
  }
  if (!duration || *duration <= 0) {
    return Error::validation("body", "The upload is not a complete, playable video");
  }
  Reel reel;
  reel.id = crypto::random_id();
  reel.author = author;
  reel.title = input.title;
  reel.description = input.description;
  reel.duration_ms = *duration;
  reel.media_type = input.media_type;
  reel.sensitivity = input.sensitivity;
  reel.gating = input.gating;
  reel.price_credits = input.gating == Gating::paid ? input.price_credits : 0;
  reel.created_at = clock_.now_ms();
  std::error_code ec;
  std::filesystem::create_directories(media_dir_, ec);
  auto base = std::filesystem::path(media_dir_) / reel.id;
  reel.media_path = base.string() + (input.media_type == "video/mp4" ? ".mp4" : ".webm");
  if (!move_file(file, reel.media_path, ec)) return Error{ErrorCode::internal, "Cannot store the upload: " + ec.message(), {}};
  auto thumb = base.string() + ".jpg";
  if (media::cut_thumbnail(reel.media_path, thumb, std::min<double>(1.0, static_cast<double>(*duration) / 2000.0))) {
    reel.thumbnail_path = thumb;
  }
  auto row = reel;
  row.media_path = to_row(reel.media_path);
  if (row.thumbnail_path) row.thumbnail_path = to_row(*row.thumbnail_path);
  auto inserted = db_.write([&](store::Conn& conn) { return store::reels::insert(conn, row); });
  if (!inserted) {
    std::filesystem::remove(reel.media_path, ec);
    std::filesystem::remove(thumb, ec);
    return std::move(inserted).error();
  }
  return reel;
}

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
  reel.media_path = to_row(video);
  reel.media_type = video.ends_with(".mp4") ? "video/mp4" : "video/webm";
  if (thumbnail && std::filesystem::exists(*thumbnail)) reel.thumbnail_path = to_row(*thumbnail);
  reel.source_stream_id = stream.id;
  reel.sensitivity = stream.sensitivity;
  reel.gating = stream.gating;
  reel.price_credits = stream.price_credits;
  reel.created_at = clock_.now_ms();
  auto made = db_.write([&](store::Conn& conn) -> Result<Reel> {
    if (auto existing = store::reels::find_by_stream(conn, stream.id)) return *existing;
    if (auto inserted = store::reels::insert(conn, reel); !inserted) return std::move(inserted).error();
    store::streams::set_reel(conn, stream.id, reel.id, reel.created_at);
    return reel;
  });
  if (!made) return made;
  return from_row(std::move(*made));
}

int ReelService::sweep_orphans(std::chrono::seconds min_age) {
  std::error_code ec;
  auto cutoff = std::filesystem::file_time_type::clock::now() - min_age;
  std::vector<std::filesystem::path> candidates;
  for (const auto& entry : std::filesystem::directory_iterator(media_dir_, ec)) {
    if (entry.is_regular_file(ec) && entry.last_write_time(ec) < cutoff) candidates.push_back(entry.path());
  }
  int removed = 0;
  for (const auto& path : candidates) {
    auto id = path.stem().string();
    bool known = db_.read([&](store::Conn& conn) -> Result<bool> {
                   return store::reels::find(conn, id).has_value();
                 }).value();
    if (!known && std::filesystem::remove(path, ec)) ++removed;
  }
  return removed;
}

Result<Reel> ReelService::get(const std::string& id) {
  return db_.read([&](store::Conn& conn) -> Result<Reel> {
    auto reel = store::reels::find(conn, id);
    if (!reel) return not_found();
    return from_row(std::move(*reel));
  });
}

Result<Reel> ReelService::get_for(const User& viewer, const std::string& id) {
  return db_.read([&](store::Conn& conn) -> Result<Reel> {
    auto reel = store::reels::find(conn, id);
    if (!reel) return not_found();
    if (!viewer.is_admin && store::moderation::active_suspension(conn, reel->author.id, clock_.now_ms())) {
      return not_found();
    }
    return from_row(std::move(*reel));
  });
}

Result<ReelPage> ReelService::list(const User& viewer, bool following_only, const std::optional<std::string>& cursor,
                                   int limit, const std::optional<std::string>& author_id) {
  std::optional<store::streams::Cursor> after;
  if (cursor) {
    auto decoded = decode_cursor(*cursor);
    if (!decoded) return std::move(decoded).error();
    after = std::move(*decoded);
  }
  std::optional<std::string> followed_by;
  if (following_only) followed_by = viewer.id;
  auto rows = db_.read([&](store::Conn& conn) -> Result<std::vector<Reel>> {
    // A suspended author's reels are hidden from everyone but operators.
    std::optional<TimeMs> hide_suspended_at;
    if (!viewer.is_admin) hide_suspended_at = clock_.now_ms();
    return store::reels::list(conn, followed_by, after, limit, author_id, hide_suspended_at);
  });
  ReelPage page;
  for (auto& reel : *rows) page.items.push_back(from_row(std::move(reel)));
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
    return from_row(*store::reels::find(conn, id));
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
    store::streams::forget_reel(conn, id, clock_.now_ms());
    return from_row(std::move(*reel));
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
        !store::purchases::find_access(conn, viewer.id, ItemType::reel, reel.id)) {
      return Error{ErrorCode::payment_required, "This reel is paid content",
                   {{"priceCredits", reel.price_credits}, {"itemType", std::string("reel")}, {"itemId", reel.id}}};
    }
    return ok_status();
  });
}

}  // namespace onair::reels
