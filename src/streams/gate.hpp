#pragma once

#include "core/model.hpp"
#include "core/result.hpp"

namespace onair::streams {

/// What is known about one viewer and one stream when deciding whether they may watch.
struct ViewerFacts {
  bool is_owner = false;
  bool is_admin = false;
  bool follows_author = false;
  bool has_purchased = false;
  bool acknowledged_sensitive = false;
};

/// The join gate, checked in this order: ended (409 stream_ended), followers-only (403
/// followers_only), paid (402 payment_required with priceCredits), sensitive (403
/// sensitive_content_not_acknowledged). The owner always passes an open stream; an admin passes
/// the followers and paid gates (moderation) but still acknowledges sensitive content.
Status decide_gate(const LiveStream& stream, const ViewerFacts& viewer);

}  // namespace onair::streams
