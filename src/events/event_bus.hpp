#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "core/model.hpp"
#include "store/chat_repository.hpp"
#include "store/notification_repository.hpp"

namespace onair::events {

/// A stream's status, counts, recording or end changed. `listed`: a change that shows in live
/// lists (status, thumbnail, camera or microphone), not only in its counts or recording.
struct StreamChanged {
  LiveStream stream;
  bool listed = false;
};
/// A chat message was posted; `author_id` is the stream's author (who always sees its chat).
/// `open`: the stream is public, so everyone following it hears its chat (not only its audience).
struct ChatPosted {
  std::string author_id;
  store::ChatMessage message;
  bool open = false;
};
struct ChatRemoved {
  std::string stream_id;
  std::string author_id;
  std::int64_t message_id = 0;
  bool open = false;
};
/// A stream's reaction counts since the previous report.
struct ReactionsCounted {
  std::string stream_id;
  std::string author_id;
  std::map<std::string, std::int64_t> counts;
  bool open = false;
};
/// Notifications with the same content for several recipients (one fan-out batch): `shown` is the
/// content, `recipients` the (recipient id, notification id) pairs.
struct NotificationsCreated {
  store::Notification shown;
  std::vector<std::pair<std::string, std::string>> recipients;
};
/// `user_id` may see the stream's chat pushed live from now on (they joined it or took part).
struct AudienceAdmitted {
  std::string stream_id;
  std::string user_id;
};
/// A session ended (logout): no instance may honour its token from its cache any more.
struct SessionRevoked {
  std::string token_hash;
};
/// A watching session ended (leave, logout): its media connection closes wherever it is.
struct WatchEnded {
  std::string stream_id;
  std::string watch_id;
};

/// `user_id` was banned from (or, `lifted`, readmitted to) the channel of open stream `stream_id`:
/// every instance closes the user's watch sockets and stops the stream's pushes to them.
struct UserBanned {
  std::string stream_id;
  std::string user_id;
  std::int64_t until = 0;  // epoch ms; 0: for good
  bool lifted = false;
};

/// A stream on the built-in relay ended on an instance other than its owner: the owner closes
/// its room (publisher, recording: kept when `save`) and reports the recording's outcome.
struct RoomClosing {
  std::string stream_id;
  std::string owner_instance;
  bool save = false;
};

/// A scheduled live changed status (went live, was cancelled, missed, moved): live lists and its
/// page follow. `open`: a public one (visitors hear of it too).
struct ScheduledChanged {
  std::string scheduled_id;
  std::string author_id;
  std::string status;
  std::string stream_id;  // empty: none
  bool open = false;
};

/// Everything pushed to clients or to other parts of onair, on this instance or on every instance.
using LiveEvent = std::variant<StreamChanged, ChatPosted, ChatRemoved, ReactionsCounted, NotificationsCreated,
                               AudienceAdmitted, SessionRevoked, WatchEnded, RoomClosing, UserBanned,
                               ScheduledChanged>;

/// Publish/subscribe of live events. Every subscriber of every instance sharing the bus hears every
/// event, in the order one instance published them. Handlers run on the publishing thread (events
/// of this instance) or on the bus's own thread (events of other instances): they must not block.
/// Subscribe before the first publish. Thread-safe.
class EventBus {
 public:
  using Handler = std::function<void(const LiveEvent&)>;
  virtual ~EventBus() = default;
  virtual void subscribe(Handler handler) = 0;
  /// Never blocks: other instances hear of it shortly after.
  virtual void publish(const LiveEvent& event) = 0;
};

/// The bus of one instance (SQLite, the default): events reach this process's subscribers only.
class LocalBus : public EventBus {
 public:
  void subscribe(Handler handler) override;
  void publish(const LiveEvent& event) override;

 protected:
  /// Runs every handler on `event`.
  void deliver(const LiveEvent& event);

 private:
  std::vector<Handler> handlers_;  // fixed before the first publish
};

/// The name of an event's kind, as logs and the wire write it.
const char* kind_name(const LiveEvent& event);

}  // namespace onair::events
