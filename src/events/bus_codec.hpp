#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "events/event_bus.hpp"

namespace onair::events {

/// Reads a stream back by id (for a stream event too large to travel whole).
using StreamLoader = std::function<std::optional<LiveStream>(const std::string& stream_id)>;

/// Live events as they travel between instances: compact JSON payloads of at most `max_bytes`
/// each, `{"from":origin,"e":[event…]}`. A fan-out batch of notifications is split across
/// payloads; a stream event too large to fit travels as its id and is read back on arrival.
std::vector<std::string> encode_payloads(const std::string& origin, const std::vector<LiveEvent>& events,
                                         std::size_t max_bytes);

struct DecodedPayload {
  std::string origin;
  std::vector<LiveEvent> events;
};
/// Nothing for a payload that is not one of ours; events it cannot read are left out.
std::optional<DecodedPayload> decode_payload(std::string_view payload, const StreamLoader& load);

}  // namespace onair::events
