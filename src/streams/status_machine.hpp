#pragma once

#include <vector>

#include "core/model.hpp"

namespace onair::streams {

/// The one place that knows the stream lifecycle:
/// created → live ⇄ interrupted → ended, and created → ended. Nothing leaves `ended`.
bool can_transition(StreamStatus from, StreamStatus to);

/// Every status from which `to` may be reached.
std::vector<StreamStatus> sources_of(StreamStatus to);

/// Streams that are "open": not ended (one per author).
inline bool is_open(StreamStatus s) { return s != StreamStatus::ended; }

}  // namespace onair::streams
