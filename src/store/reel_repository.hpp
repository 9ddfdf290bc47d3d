#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/model.hpp"
#include "core/result.hpp"
#include "store/database.hpp"
#include "store/stream_repository.hpp"

namespace onair::store::reels {

/// Inserts; conflict when a reel of the same source stream exists.
Status insert(Conn& conn, const Reel& reel);
std::optional<Reel> find(Conn& conn, const std::string& id);
std::optional<Reel> find_by_stream(Conn& conn, const std::string& stream_id);
/// Newest first; up to limit + 1 rows. Only reels of authors `followed_by` follows, or of
/// `author_id`, when given.
/// With `hide_suspended_at`, reels of authors suspended at that time are left out.
std::vector<Reel> list(Conn& conn, const std::optional<std::string>& followed_by,
                       const std::optional<streams::Cursor>& after, int limit,
                       const std::optional<std::string>& author_id = std::nullopt,
                       std::optional<TimeMs> hide_suspended_at = std::nullopt);
void update_text(Conn& conn, const std::string& id, const std::string& title, const std::string& description,
                 TimeMs now);
void remove(Conn& conn, const std::string& id);

}  // namespace onair::store::reels
