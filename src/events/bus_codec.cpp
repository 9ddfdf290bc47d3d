#include "events/bus_codec.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <spdlog/spdlog.h>

namespace onair::events {
namespace json = boost::json;
namespace {

// ---- encoding ----------------------------------------------------------------------------------

json::object encode(const User& u) {
  json::object o{{"id", u.id}, {"h", u.handle}, {"n", u.display_name}, {"a", u.is_admin}, {"t", u.created_at}};
  if (u.avatar_at) o["av"] = *u.avatar_at;
  return o;
}

template <typename T>
void put_optional(json::object& o, const char* key, const std::optional<T>& v) {
  if (v) o[key] = *v;
}

json::object encode(const LiveStream& s) {
  json::object o{{"id", s.id},
                 {"au", encode(s.author)},
                 {"ti", s.title},
                 {"de", s.description},
                 {"st", to_string(s.status)},
                 {"se", to_string(s.sensitivity)},
                 {"ga", to_string(s.gating)},
                 {"pr", s.price_credits},
                 {"vc", s.viewer_count},
                 {"pk", s.peak_viewers},
                 {"ca", s.created_at},
                 {"rc", to_string(s.recording)}};
  put_optional(o, "sa", s.started_at);
  put_optional(o, "ea", s.ended_at);
  put_optional(o, "er", s.end_reason);
  put_optional(o, "rl", s.reel_id);
  if (!s.owner_instance.empty()) o["oi"] = s.owner_instance;
  put_optional(o, "th", s.thumbnail_at);
  if (!s.camera_on) o["cam"] = false;
  if (!s.microphone_on) o["mic"] = false;
  return o;
}

json::object encode(const store::Notification& n) {
  return {{"ty", n.type}, {"ac", encode(n.actor)}, {"su", n.subject_id}, {"ti", n.title},
          {"bo", n.body}, {"li", n.link}, {"ca", n.created_at}};
}

struct Encoder {
  json::object operator()(const StreamChanged& e) const {
    return {{"k", "stream"}, {"s", encode(e.stream)}, {"li", e.listed}};
  }
  json::object operator()(const ChatPosted& e) const {
    const auto& m = e.message;
    return {{"k", "chat"}, {"ow", e.author_id}, {"id", m.id}, {"sid", m.stream_id},
            {"au", encode(m.author)}, {"tx", m.text}, {"ca", m.created_at}, {"op", e.open}};
  }
  json::object operator()(const ChatRemoved& e) const {
    return {{"k", "chat_removed"}, {"sid", e.stream_id}, {"ow", e.author_id}, {"id", e.message_id}, {"op", e.open}};
  }
  json::object operator()(const ReactionsCounted& e) const {
    json::object counts;
    for (const auto& [kind, n] : e.counts) counts[kind] = n;
    return {{"k", "reactions"}, {"sid", e.stream_id}, {"ow", e.author_id}, {"c", std::move(counts)}, {"op", e.open}};
  }
  json::object operator()(const NotificationsCreated& e) const {
    json::array to;
    for (const auto& [recipient, id] : e.recipients) to.push_back(json::array{json::string(recipient), json::string(id)});
    return {{"k", "notifications"}, {"n", encode(e.shown)}, {"to", std::move(to)}};
  }
  json::object operator()(const AudienceAdmitted& e) const {
    return {{"k", "admitted"}, {"sid", e.stream_id}, {"u", e.user_id}};
  }
  json::object operator()(const SessionRevoked& e) const { return {{"k", "session_revoked"}, {"th", e.token_hash}}; }
  json::object operator()(const WatchEnded& e) const {
    return {{"k", "watch_ended"}, {"sid", e.stream_id}, {"w", e.watch_id}};
  }
  json::object operator()(const UserBanned& e) const {
    return {{"k", "banned"}, {"sid", e.stream_id}, {"u", e.user_id}, {"un", e.until}, {"li", e.lifted}};
  }
  json::object operator()(const RoomClosing& e) const {
    return {{"k", "room_closing"}, {"sid", e.stream_id}, {"oi", e.owner_instance}, {"save", e.save}};
  }
  json::object operator()(const ScheduledChanged& e) const {
    return {{"k", "scheduled"}, {"id", e.scheduled_id}, {"ow", e.author_id}, {"st", e.status}, {"sid", e.stream_id},
            {"op", e.open}};
  }
};

/// Packs encoded events into payloads under the size bound.
class Packer {
 public:
  Packer(const std::string& origin, std::size_t max_bytes)
      : head_(R"({"from":)" + json::serialize(json::string(origin)) + R"(,"e":[)"), max_bytes_(max_bytes) {}

  /// False when `event` alone does not fit a payload.
  bool add(const json::object& event) {
    std::string text = json::serialize(event);
    if (head_.size() + text.size() + 2 > max_bytes_) return false;
    if (!current_.empty() && current_.size() + text.size() + 3 > max_bytes_) flush();
    current_ += current_.empty() ? head_ : ",";
    current_ += text;
    return true;
  }
  std::vector<std::string> finish() {
    flush();
    return std::move(out_);
  }

 private:
  void flush() {
    if (current_.empty()) return;
    out_.push_back(std::move(current_) + "]}");
    current_.clear();
  }
  std::string head_;
  std::size_t max_bytes_;
  std::string current_;
  std::vector<std::string> out_;
};

/// Splits a batch's recipients greedily so each part fits a payload on its own; the content
/// repeats in every part.
void add_notifications(Packer& packer, const NotificationsCreated& e, std::size_t budget) {
  NotificationsCreated part{e.shown, {}};
  std::size_t size = json::serialize(Encoder{}(part)).size();
  for (const auto& recipient : e.recipients) {
    std::size_t more = recipient.first.size() + recipient.second.size() + 8;
    if (!part.recipients.empty() && size + more > budget) {
      packer.add(Encoder{}(part));
      part.recipients.clear();
      size = json::serialize(Encoder{}(part)).size();
    }
    part.recipients.push_back(recipient);
    size += more;
  }
  if (!part.recipients.empty() && !packer.add(Encoder{}(part))) {
    spdlog::error("events: a notification is too large to travel between instances");
  }
}

// ---- decoding ----------------------------------------------------------------------------------

const json::value* field(const json::object& o, const char* key) { return o.if_contains(key); }

std::string text(const json::object& o, const char* key) {
  auto* v = field(o, key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}
std::int64_t number(const json::object& o, const char* key) {
  auto* v = field(o, key);
  return v != nullptr && v->is_int64() ? v->as_int64() : 0;
}
template <typename T>
std::optional<T> optional_field(const json::object& o, const char* key);
template <>
std::optional<std::int64_t> optional_field(const json::object& o, const char* key) {
  auto* v = field(o, key);
  return v != nullptr && v->is_int64() ? std::optional(v->as_int64()) : std::nullopt;
}
template <>
std::optional<std::string> optional_field(const json::object& o, const char* key) {
  auto* v = field(o, key);
  return v != nullptr && v->is_string() ? std::optional(std::string(v->as_string())) : std::nullopt;
}
bool is_true(const json::object& o, const char* key) {
  auto* v = field(o, key);
  return v != nullptr && v->is_bool() && v->as_bool();
}
bool is_false(const json::object& o, const char* key) {
  auto* v = field(o, key);
  return v != nullptr && v->is_bool() && !v->as_bool();
}
json::object object(const json::object& o, const char* key) {
  auto* v = field(o, key);
  return v != nullptr && v->is_object() ? v->as_object() : json::object();
}

User decode_user(const json::object& o) {
  User u;
  u.id = text(o, "id");
  u.handle = text(o, "h");
  u.display_name = text(o, "n");
  auto* admin = field(o, "a");
  u.is_admin = admin != nullptr && admin->is_bool() && admin->as_bool();
  u.created_at = number(o, "t");
  u.avatar_at = optional_field<std::int64_t>(o, "av");
  return u;
}

std::optional<LiveStream> decode_stream(const json::object& o) {
  LiveStream s;
  s.id = text(o, "id");
  s.author = decode_user(object(o, "au"));
  s.title = text(o, "ti");
  s.description = text(o, "de");
  auto status = parse_stream_status(text(o, "st"));
  auto sensitivity = parse_sensitivity(text(o, "se"));
  auto gating = parse_gating(text(o, "ga"));
  auto recording = parse_recording_state(text(o, "rc"));
  if (s.id.empty() || !status || !sensitivity || !gating || !recording) return std::nullopt;
  s.status = *status;
  s.sensitivity = *sensitivity;
  s.gating = *gating;
  s.recording = *recording;
  s.price_credits = number(o, "pr");
  s.viewer_count = number(o, "vc");
  s.peak_viewers = number(o, "pk");
  s.created_at = number(o, "ca");
  s.started_at = optional_field<std::int64_t>(o, "sa");
  s.ended_at = optional_field<std::int64_t>(o, "ea");
  s.end_reason = optional_field<std::string>(o, "er");
  s.reel_id = optional_field<std::string>(o, "rl");
  s.owner_instance = text(o, "oi");
  s.thumbnail_at = optional_field<std::int64_t>(o, "th");
  s.camera_on = !is_false(o, "cam");
  s.microphone_on = !is_false(o, "mic");
  return s;
}

std::optional<LiveEvent> decode_event(const json::object& o, const StreamLoader& load) {
  auto kind = text(o, "k");
  if (kind == "stream") {
    if (auto s = decode_stream(object(o, "s"))) return StreamChanged{std::move(*s), is_true(o, "li")};
  } else if (kind == "stream_ref") {
    if (auto s = load(text(o, "id"))) return StreamChanged{std::move(*s), is_true(o, "li")};
  } else if (kind == "chat") {
    store::ChatMessage m{number(o, "id"), text(o, "sid"), decode_user(object(o, "au")), text(o, "tx"), number(o, "ca")};
    return ChatPosted{text(o, "ow"), std::move(m), is_true(o, "op")};
  } else if (kind == "chat_removed") {
    return ChatRemoved{text(o, "sid"), text(o, "ow"), number(o, "id"), is_true(o, "op")};
  } else if (kind == "reactions") {
    ReactionsCounted e{text(o, "sid"), text(o, "ow"), {}, is_true(o, "op")};
    for (const auto& [k, v] : object(o, "c")) {
      if (v.is_int64()) e.counts[std::string(k)] = v.as_int64();
    }
    return e;
  } else if (kind == "notifications") {
    auto n = object(o, "n");
    NotificationsCreated e;
    e.shown.type = text(n, "ty");
    e.shown.actor = decode_user(object(n, "ac"));
    e.shown.subject_id = text(n, "su");
    e.shown.title = text(n, "ti");
    e.shown.body = text(n, "bo");
    e.shown.link = text(n, "li");
    e.shown.created_at = number(n, "ca");
    if (auto* to = field(o, "to"); to != nullptr && to->is_array()) {
      for (const auto& pair : to->as_array()) {
        if (!pair.is_array() || pair.as_array().size() != 2 || !pair.as_array()[0].is_string() ||
            !pair.as_array()[1].is_string()) {
          continue;
        }
        e.recipients.emplace_back(std::string(pair.as_array()[0].as_string()),
                                  std::string(pair.as_array()[1].as_string()));
      }
    }
    return e;
  } else if (kind == "admitted") {
    return AudienceAdmitted{text(o, "sid"), text(o, "u")};
  } else if (kind == "session_revoked") {
    return SessionRevoked{text(o, "th")};
  } else if (kind == "watch_ended") {
    return WatchEnded{text(o, "sid"), text(o, "w")};
  } else if (kind == "banned") {
    auto* lifted = field(o, "li");
    return UserBanned{text(o, "sid"), text(o, "u"), number(o, "un"), lifted != nullptr && lifted->is_bool() && lifted->as_bool()};
  } else if (kind == "scheduled") {
    return ScheduledChanged{text(o, "id"), text(o, "ow"), text(o, "st"), text(o, "sid"), is_true(o, "op")};
  } else if (kind == "room_closing") {
    auto* save = field(o, "save");
    return RoomClosing{text(o, "sid"), text(o, "oi"), save != nullptr && save->is_bool() && save->as_bool()};
  }
  return std::nullopt;
}

}  // namespace

std::vector<std::string> encode_payloads(const std::string& origin, const std::vector<LiveEvent>& events,
                                         std::size_t max_bytes) {
  Packer packer(origin, max_bytes);
  std::size_t budget = max_bytes > origin.size() + 32 ? max_bytes - origin.size() - 32 : 0;
  for (const auto& event : events) {
    if (const auto* batch = std::get_if<NotificationsCreated>(&event)) {
      add_notifications(packer, *batch, budget);
      continue;
    }
    if (packer.add(std::visit(Encoder{}, event))) continue;
    if (const auto* changed = std::get_if<StreamChanged>(&event)) {
      packer.add(json::object{{"k", "stream_ref"}, {"id", changed->stream.id}, {"li", changed->listed}});
      continue;
    }
    spdlog::error("events: a {} event is too large to travel between instances", kind_name(event));
  }
  return packer.finish();
}

std::optional<DecodedPayload> decode_payload(std::string_view payload, const StreamLoader& load) {
  boost::system::error_code ec;
  auto value = json::parse(payload, ec);
  if (ec || !value.is_object()) return std::nullopt;
  const auto& o = value.as_object();
  auto* events = field(o, "e");
  if (events == nullptr || !events->is_array()) return std::nullopt;
  DecodedPayload out{text(o, "from"), {}};
  for (const auto& e : events->as_array()) {
    if (!e.is_object()) continue;
    if (auto event = decode_event(e.as_object(), load)) out.events.push_back(std::move(*event));
  }
  return out;
}

}  // namespace onair::events
