#include "core/model.hpp"

#include <array>
#include <utility>

namespace onair {
namespace {

template <typename E, std::size_t N>
std::optional<E> lookup(const std::array<std::pair<E, std::string_view>, N>& table,
                        std::string_view text) {
  for (const auto& [value, name] : table) {
    if (name == text) return value;
  }
  return std::nullopt;
}

template <typename E, std::size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  return "unknown";
}

constexpr std::array<std::pair<StreamStatus, std::string_view>, 4> kStatuses{{
    {StreamStatus::created, "created"},
    {StreamStatus::live, "live"},
    {StreamStatus::interrupted, "interrupted"},
    {StreamStatus::ended, "ended"},
}};
constexpr std::array<std::pair<Sensitivity, std::string_view>, 2> kSensitivities{{
    {Sensitivity::none, "none"},
    {Sensitivity::sensitive, "sensitive"},
}};
constexpr std::array<std::pair<Gating, std::string_view>, 3> kGatings{{
    {Gating::everyone, "public"},
    {Gating::followers, "followers"},
    {Gating::paid, "paid"},
}};
constexpr std::array<std::pair<RecordingState, std::string_view>, 5> kRecordings{{
    {RecordingState::none, "none"},
    {RecordingState::recording, "recording"},
    {RecordingState::saved, "saved"},
    {RecordingState::discarded, "discarded"},
    {RecordingState::failed, "failed"},
}};
constexpr std::array<std::pair<ItemType, std::string_view>, 2> kItemTypes{{
    {ItemType::live_stream, "live_stream"},
    {ItemType::reel, "reel"},
}};

}  // namespace

std::string_view to_string(StreamStatus v) { return name_of(kStatuses, v); }
std::string_view to_string(Sensitivity v) { return name_of(kSensitivities, v); }
std::string_view to_string(Gating v) { return name_of(kGatings, v); }
std::string_view to_string(RecordingState v) { return name_of(kRecordings, v); }
std::string_view to_string(ItemType v) { return name_of(kItemTypes, v); }
std::optional<StreamStatus> parse_stream_status(std::string_view t) { return lookup(kStatuses, t); }
std::optional<Sensitivity> parse_sensitivity(std::string_view t) { return lookup(kSensitivities, t); }
std::optional<Gating> parse_gating(std::string_view t) { return lookup(kGatings, t); }
std::optional<RecordingState> parse_recording_state(std::string_view t) { return lookup(kRecordings, t); }
std::optional<ItemType> parse_item_type(std::string_view t) { return lookup(kItemTypes, t); }

}  // namespace onair
