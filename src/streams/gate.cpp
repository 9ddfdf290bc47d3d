#include "streams/gate.hpp"

namespace onair::streams {

Status decide_gate(const LiveStream& stream, const ViewerFacts& viewer) {
  if (stream.status == StreamStatus::ended) {
    return Error{ErrorCode::stream_ended, "This live stream has ended", {}};
  }
  if (viewer.is_owner) return ok_status();
  if (stream.gating == Gating::followers && !viewer.follows_author && !viewer.is_admin) {
    return Error{ErrorCode::followers_only, "Only followers of @" + stream.author.handle + " can watch",
                 {{"authorHandle", stream.author.handle}}};
  }
  if (stream.gating == Gating::paid && !viewer.has_purchased && !viewer.is_admin) {
    return Error{ErrorCode::payment_required, "This live stream is paid content",
                 {{"priceCredits", stream.price_credits}, {"itemType", std::string("live_stream")},
                  {"itemId", stream.id}}};
  }
  if (stream.sensitivity == Sensitivity::sensitive && !viewer.acknowledged_sensitive) {
    return Error{ErrorCode::sensitive_content_not_acknowledged,
                 "This stream is marked sensitive; acknowledge to watch", {}};
  }
  return ok_status();
}

}  // namespace onair::streams
