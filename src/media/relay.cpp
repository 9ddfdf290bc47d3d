#include "media/relay.hpp"

#include <algorithm>
#include <set>
#include <deque>
#include <filesystem>
#include <vector>

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/clock.hpp"
#include "media/ffmpeg.hpp"
#include "media/hls.hpp"
#include "media/transcoder.hpp"
#include "media/recording_writer.hpp"
#include "media/media_parser.hpp"

namespace onair::media {
namespace {

/// `s` as a JSON string literal (escaped as JSON requires, control characters included).
std::string quote(std::string_view s) { return boost::json::serialize(boost::json::string_view(s.data(), s.size())); }

SharedBytes text(std::string s) { return std::make_shared<const std::string>(std::move(s)); }

/// Bytes cut at element boundaries, shared by every viewer and the recording.
struct Piece {
  SharedBytes bytes;
  std::uint64_t offset = 0;
  bool starts_fragment = false;
};

}  // namespace

class RelayStream;

class PublisherSession final : public PublisherLink {
 public:
  PublisherSession(std::shared_ptr<RelayStream> stream, std::shared_ptr<MessageSink> peer)
      : stream_(stream), peer(std::move(peer)) {}
  void on_data(std::string_view bytes) override;
  void on_close() override;

  std::weak_ptr<RelayStream> stream_;
  std::shared_ptr<MessageSink> peer;
  // Guarded by the stream's mutex:
  AnyContainerParser parser;  // WebM or fragmented MP4, whichever the publisher sends
  std::string pending;              // bytes from pending_offset not yet cut into pieces
  std::uint64_t pending_offset = 0;
  std::deque<std::uint64_t> fragment_starts;
  bool media_started = false;
  bool detached = false;
  std::deque<std::pair<std::chrono::steady_clock::time_point, std::size_t>> window;  // bitrate
  std::size_t window_bytes = 0;
};

class ViewerSession final : public ViewerLink, public std::enable_shared_from_this<ViewerSession> {
 public:
  ViewerSession(std::shared_ptr<RelayStream> stream, std::shared_ptr<MessageSink> peer, std::string user_id,
                std::string watch_id)
      : stream_(stream), peer(std::move(peer)), user_id(std::move(user_id)), watch_id(std::move(watch_id)) {}
  void on_close() override;

  std::weak_ptr<RelayStream> stream_;
  std::shared_ptr<MessageSink> peer;
  std::string user_id;
  std::string watch_id;
  // Guarded by the stream's mutex:
  bool has_init = false;  // got the current init segment
  bool waiting = true;    // waits for a keyframe fragment before receiving media
  bool dropped = false;   // waiting because it fell behind (told with "skip")
  int drops = 0;          // consecutive skips
  bool detached = false;
};

class RelayStream : public std::enable_shared_from_this<RelayStream> {
 public:
  RelayStream(std::string id, StreamStatus status, const RelayLimits& limits, Scheduler& scheduler,
              RecordingWriter& recorder, RelayListener* listener, RelayCounters& counters)
      : id_(std::move(id)), status_(status), limits_(limits), scheduler_(scheduler), recorder_(recorder),
        listener_(listener), counters_(counters) {}

  std::shared_ptr<PublisherLink> attach_publisher(std::shared_ptr<MessageSink> peer) {
    std::lock_guard lock(mutex_);
    if (publisher_) {
      publisher_->detached = true;
      publisher_->peer->close(4000, "another publisher took over this stream");
    }
    cancel_grace();
    publisher_ = std::make_shared<PublisherSession>(shared_from_this(), std::move(peer));
    publisher_->peer->send(status_message(), false);
    return publisher_;
  }

  std::shared_ptr<ViewerLink> attach_viewer(std::shared_ptr<MessageSink> peer, std::string user_id, std::string watch_id) {
    std::lock_guard lock(mutex_);
    // One watching session, one socket: a reconnect replaces its old socket (which may not have
    // noticed yet that it is gone); the session itself goes on, so nobody is told it left.
    if (auto old = find_viewer(watch_id)) detach_viewer(old, 4001, "replaced by a newer connection", false);
    if (static_cast<int>(viewers_.size()) >= limits_.max_viewers) return nullptr;
    auto viewer = std::make_shared<ViewerSession>(shared_from_this(), std::move(peer), std::move(user_id),
                                                  std::move(watch_id));
    viewers_.push_back(viewer);
    if (init_) {
      send_init(*viewer, false);
      if (gop_valid_) catch_up(*viewer);
    } else {
      viewer->peer->send(status_message(), false);
    }
    viewer->peer->send(viewers_message(), false);
    return viewer;
  }

  int viewer_sockets() {
    std::lock_guard lock(mutex_);
    return static_cast<int>(viewers_.size());
  }

  bool has_publisher() {
    std::lock_guard lock(mutex_);
    return publisher_ != nullptr;
  }

  void publish(PublisherSession& link, std::string_view bytes) {
    std::lock_guard lock(mutex_);
    if (link.detached || publisher_.get() != &link) return;
    counters_.bytes_in.fetch_add(bytes.size(), std::memory_order_relaxed);
    if (!within_bitrate(link, bytes.size())) {
      reject(link, "policy_violation", fmt::format("publish bitrate above {} bit/s", limits_.max_bitrate));
      return;
    }
    events_.clear();
    if (auto parsed = link.parser.feed(bytes, events_); !parsed) {
      reject(link, "invalid_media", parsed.error().message);
      return;
    }
    link.pending.append(bytes);
    // What is held until it can be cut is bounded: a header that never ends, or an element
    // that never completes (endless Void elements), would otherwise keep every byte.
    if (!init_ && link.pending.size() > limits_.max_init_bytes) {
      reject(link, "invalid_media", fmt::format("no media within the first {} bytes", limits_.max_init_bytes));
      return;
    }
    if (link.pending.size() > limits_.max_pending_bytes) {
      reject(link, "invalid_media", fmt::format("an element larger than {} bytes", limits_.max_pending_bytes));
      return;
    }
    std::vector<std::uint64_t> keyframes;
    for (const auto& e : events_) {
      switch (e.kind) {
        case MediaEvent::Kind::init_complete: take_init(link, e.offset); break;
        case MediaEvent::Kind::fragment_start: link.fragment_starts.push_back(e.offset); break;
        case MediaEvent::Kind::keyframe_fragment: keyframes.push_back(e.offset); break;
      }
    }
    // Nothing of this publisher goes out before its own init segment: a returning publisher's
    // header must not reach viewers (or the recording) under the previous publisher's init.
    if (!link.parser.init_complete()) return;
    emit_pieces(link);
    for (auto offset : keyframes) keyframe_at(offset);
  }

  void publisher_gone(PublisherSession& link) {
    std::lock_guard lock(mutex_);
    if (publisher_.get() != &link) return;
    detach_publisher();
  }

  void viewer_gone(const std::shared_ptr<ViewerSession>& viewer) {
    std::lock_guard lock(mutex_);
    if (!viewer->detached) forget_viewer(viewer, true);
  }

  void expel(const std::string& user_id, std::int64_t until_ms) {
    std::lock_guard lock(mutex_);
    auto message = text(fmt::format(R"({{"type":"banned","streamId":{},"until":{}}})", quote(id_),
                                    until_ms == 0 ? std::string("null") : quote(format_iso8601(until_ms))));
    std::vector<std::shared_ptr<ViewerSession>> banned;
    for (auto& v : viewers_) {
      if (v->user_id == user_id) banned.push_back(v);
    }
    for (auto& v : banned) {
      v->peer->send(message, false);
      detach_viewer(v, 4003, "banned from this channel", true);
    }
  }

  void end_watch(const std::string& watch_id) {
    std::lock_guard lock(mutex_);
    if (auto viewer = find_viewer(watch_id)) detach_viewer(viewer, 1000, "you left this stream", false);
  }

  void changed(const LiveStream& stream) {
    std::lock_guard lock(mutex_);
    if (stream.status != status_) {
      status_ = stream.status;
      broadcast(status_message());
    }
    if (stream.viewer_count != viewer_count_) {
      viewer_count_ = stream.viewer_count;
      broadcast(viewers_message());
    }
    if (status_ == StreamStatus::ended && !ended_sent_) {
      ended_sent_ = true;
      cancel_grace();
      stop_transcoder();
      if (hls_) hls_->end();
      broadcast(text(fmt::format(R"({{"type":"ended","reason":{},"reelId":{}}})",
                                 quote(stream.end_reason.value_or("ended")),
                                 stream.reel_id ? quote(*stream.reel_id) : "null")));
      for (auto& v : viewers_) {
        v->detached = true;
        v->peer->close(1000, "stream ended");
      }
      viewers_.clear();
      if (publisher_) {
        publisher_->detached = true;
        publisher_->peer->close(1000, "stream ended");
        publisher_.reset();
      }
    }
  }

  std::shared_ptr<HlsStream> hls() {
    std::lock_guard lock(mutex_);
    return hls_;
  }

  /// The stream is closed here: HLS requests still waiting are answered.
  void closing() {
    std::lock_guard lock(mutex_);
    stop_transcoder();
    if (hls_) hls_->end();
  }

  void orphaned() {
    std::lock_guard lock(mutex_);
    if (!publisher_) start_grace();
  }

 private:
  SharedBytes status_message() const {
    return text(fmt::format(R"({{"type":"status","status":"{}"}})", to_string(status_)));
  }
  SharedBytes viewers_message() const {
    return text(fmt::format(R"({{"type":"viewers","count":{}}})", viewer_count_));
  }

  void broadcast(const SharedBytes& message) {
    for (auto& v : viewers_) v->peer->send(message, false);
    if (publisher_) publisher_->peer->send(message, false);
  }

  bool within_bitrate(PublisherSession& link, std::size_t n) {
    auto now = std::chrono::steady_clock::now();
    link.window.emplace_back(now, n);
    link.window_bytes += n;
    while (!link.window.empty() && now - link.window.front().first > std::chrono::seconds(5)) {
      link.window_bytes -= link.window.front().second;
      link.window.pop_front();
    }
    // A keyframe burst is allowed: judge only once the window holds a few seconds.
    return link.window_bytes * 8 <= limits_.max_bitrate * 5;
  }

  /// Refuses the publisher: it is told why and closed, and the stream treats it as gone at once
  /// (a client that ignores the close frame must not keep the stream looking live).
  void reject(PublisherSession& link, const char* code, const std::string& message) {
    spdlog::warn("relay: stream {} publisher refused: {}", id_, message);
    link.peer->send(text(fmt::format(R"({{"type":"error","code":"{}","message":{}}})", code, quote(message))), false);
    link.peer->close(1003, message);
    if (publisher_.get() == &link) detach_publisher();
  }

  /// The publisher is gone (closed or refused): the stream is interrupted and its grace starts.
  void detach_publisher() {
    publisher_->detached = true;
    bool was_live = publisher_->media_started;
    publisher_.reset();
    if (!was_live || status_ == StreamStatus::ended) return;
    if (listener_) listener_->on_publisher_lost(id_);
    start_grace();
  }

  std::shared_ptr<ViewerSession> find_viewer(const std::string& watch_id) {
    if (watch_id.empty()) return nullptr;
    for (auto& v : viewers_) {
      if (v->watch_id == watch_id) return v;
    }
    return nullptr;
  }

  /// Closes a viewer's socket and stops counting it at once, whether or not its client ever
  /// reads the close frame; `left` tells the listener its watching session ended.
  void detach_viewer(const std::shared_ptr<ViewerSession>& viewer, int code, const char* reason, bool left) {
    viewer->peer->close(code, reason);
    forget_viewer(viewer, left);
  }

  /// The viewer no longer counts; `left` tells the listener its watching session ended.
  void forget_viewer(const std::shared_ptr<ViewerSession>& viewer, bool left) {
    viewer->detached = true;
    std::erase(viewers_, viewer);
    if (left && listener_) listener_->on_viewer_left(id_, viewer->user_id, viewer->watch_id);
  }

  void send_init(ViewerSession& v, bool reset) {
    v.peer->send(text(fmt::format(R"({{"type":"{}","mimeType":{},"status":"{}"}})", reset ? "reset" : "init",
                                  quote(mime_), to_string(status_))),
                 false);
    v.peer->send(init_, true);
    v.has_init = true;
    v.waiting = true;
    v.dropped = false;
  }

  /// Sends the media since the newest keyframe fragment to a waiting viewer.
  void catch_up(ViewerSession& v) {
    if (v.dropped) v.peer->send(text(R"({"type":"skip"})"), false);
    for (const auto& piece : gop_) v.peer->send(piece.bytes, true);
    v.waiting = false;
    v.dropped = false;
  }

  void take_init(PublisherSession& link, std::uint64_t init_size) {
    bool restart = init_ != nullptr;
    init_ = text(link.pending.substr(0, init_size - link.pending_offset));
    link.pending.erase(0, init_size - link.pending_offset);
    link.pending_offset = init_size;
    mime_ = link.parser.mime_type();
    gop_.clear();
    gop_bytes_ = 0;
    gop_valid_ = false;
    recorder_.start_part(id_, init_, extension_of(link.parser.container()));
    for (auto& v : viewers_) send_init(*v, restart);
    // H.264 in MP4 is also served as Low-Latency HLS; a stream that turns to WebM stops it.
    const auto* tracks = link.parser.mp4_tracks();
    bool h264 = tracks != nullptr && std::any_of(tracks->begin(), tracks->end(), [](const Mp4Track& t) {
      return t.video && (t.codec.starts_with("avc1.") || t.codec.starts_with("avc3."));
    });
    stop_transcoder();
    if (h264) {
      if (!hls_) hls_ = std::make_shared<HlsStream>();
      hls_->start(init_, *tracks);
    } else if (limits_.transcode_h264) {
      // WebM: ffmpeg makes the H.264 (its output starts the HLS, or a discontinuity in it).
      if (!hls_) hls_ = std::make_shared<HlsStream>();
      transcoder_ = std::make_shared<Transcoder>(id_, hls_);
      transcoder_->feed(init_);
    } else if (hls_) {
      hls_->end();
      hls_.reset();
    }
  }

  void emit_pieces(PublisherSession& link) {
    auto aligned = link.parser.aligned_offset();
    if (link.pending_offset >= aligned) return;
    // Everything newly complete goes out as one message (one write per viewer); the GOP kept for
    // joiners is cut at fragment starts so it can begin at a keyframe fragment.
    auto whole = text(link.pending.substr(0, aligned - link.pending_offset));
    std::size_t at = 0;
    while (link.pending_offset < aligned) {
      while (!link.fragment_starts.empty() && link.fragment_starts.front() < link.pending_offset) {
        link.fragment_starts.pop_front();
      }
      bool starts_fragment = !link.fragment_starts.empty() && link.fragment_starts.front() == link.pending_offset;
      if (starts_fragment) link.fragment_starts.pop_front();
      auto end = aligned;
      if (!link.fragment_starts.empty() && link.fragment_starts.front() < aligned) end = link.fragment_starts.front();
      auto n = static_cast<std::size_t>(end - link.pending_offset);
      Piece piece{n == whole->size() ? whole : text(whole->substr(at, n)), link.pending_offset, starts_fragment};
      if (hls_ && starts_fragment) hls_->add_fragment(*piece.bytes);
      keep(std::move(piece));
      at += n;
      link.pending_offset = end;
    }
    link.pending.erase(0, whole->size());
    if (transcoder_) transcoder_->feed(whole);
    forward(whole);
    if (!link.media_started) {
      link.media_started = true;
      if (listener_) listener_->on_first_media(id_);
    }
  }

  void keep(Piece piece) {
    gop_bytes_ += piece.bytes->size();
    gop_.push_back(std::move(piece));
    if (gop_bytes_ > limits_.max_gop_bytes) {  // no keyframe for too long: no join point either
      gop_.clear();
      gop_bytes_ = 0;
      gop_valid_ = false;
    }
  }

  void forward(const SharedBytes& bytes) {
    recorder_.append(id_, bytes);
    std::uint64_t sent = 0;
    std::vector<std::shared_ptr<ViewerSession>> hopeless;
    for (auto& viewer : viewers_) {
      auto& v = *viewer;
      if (!v.has_init || v.waiting) continue;
      if (v.peer->backlog() > limits_.viewer_backlog_bytes) {
        v.waiting = true;
        v.dropped = true;
        counters_.viewer_skips.fetch_add(1, std::memory_order_relaxed);
        if (++v.drops >= limits_.hopeless_drops) hopeless.push_back(viewer);
      } else {
        v.peer->send(bytes, true);
        sent += bytes->size();
      }
    }
    counters_.bytes_out.fetch_add(sent, std::memory_order_relaxed);
    for (auto& viewer : hopeless) {
      spdlog::info("relay: stream {} dropping viewer {} that cannot keep up", id_, viewer->user_id);
      counters_.viewers_dropped.fetch_add(1, std::memory_order_relaxed);
      detach_viewer(viewer, 1008, "viewer cannot keep up with the stream", true);
    }
  }

  void keyframe_at(std::uint64_t offset) {
    auto it = std::find_if(gop_.begin(), gop_.end(),
                           [&](const Piece& p) { return p.starts_fragment && p.offset == offset; });
    if (it == gop_.end()) return;
    for (auto drop = gop_.begin(); drop != it; ++drop) gop_bytes_ -= drop->bytes->size();
    gop_.erase(gop_.begin(), it);
    gop_valid_ = true;
    for (auto& v : viewers_) {
      if (!v->has_init) continue;
      if (v->waiting) {
        catch_up(*v);
      } else if (v->peer->backlog() < limits_.viewer_backlog_bytes / 4) {
        v->drops = 0;  // kept up for a whole GOP
      }
    }
  }

  /// Stopping ffmpeg waits for it: done on the worker pool, never here under the lock.
  void stop_transcoder() {
    if (!transcoder_) return;
    scheduler_.run_blocking([done = std::move(transcoder_)]() mutable { done.reset(); });
    transcoder_.reset();
  }

  void start_grace() {
    cancel_grace();
    std::weak_ptr<RelayStream> weak = shared_from_this();
    grace_ = scheduler_.after(limits_.grace, [weak] {
      if (auto self = weak.lock()) self->grace_expired();
    });
  }

  void cancel_grace() {
    if (grace_) grace_->cancel();
    grace_.reset();
  }

  void grace_expired() {
    std::lock_guard lock(mutex_);
    grace_.reset();
    if (publisher_ || status_ == StreamStatus::ended) return;
    spdlog::info("relay: stream {} publisher did not return within the grace period", id_);
    if (listener_) listener_->on_grace_expired(id_);
  }

  const std::string id_;
  std::mutex mutex_;  // guards everything below and the sessions' guarded fields
  StreamStatus status_;
  std::int64_t viewer_count_ = 0;
  bool ended_sent_ = false;
  const RelayLimits& limits_;
  Scheduler& scheduler_;
  RecordingWriter& recorder_;
  RelayListener* listener_;
  RelayCounters& counters_;
  std::shared_ptr<PublisherSession> publisher_;
  std::vector<std::shared_ptr<ViewerSession>> viewers_;
  SharedBytes init_;
  std::string mime_;
  std::deque<Piece> gop_;  // from the newest keyframe fragment (when gop_valid_)
  std::size_t gop_bytes_ = 0;
  bool gop_valid_ = false;
  std::vector<MediaEvent> events_;
  std::shared_ptr<Scheduler::Timer> grace_;
  std::shared_ptr<HlsStream> hls_;  // H.264 streams only
  std::shared_ptr<Transcoder> transcoder_;  // WebM made H.264 for the HLS (ONAIR_TRANSCODE=h264)
};

void PublisherSession::on_data(std::string_view bytes) {
  if (auto s = stream_.lock()) s->publish(*this, bytes);
}
void PublisherSession::on_close() {
  if (auto s = stream_.lock()) s->publisher_gone(*this);
}
void ViewerSession::on_close() {
  if (auto s = stream_.lock()) s->viewer_gone(shared_from_this());
}

Relay::Relay(RelayLimits limits, Scheduler& scheduler, std::string media_dir)
    : limits_(limits), scheduler_(scheduler), media_dir_(std::move(media_dir)),
      recorder_(std::make_unique<RecordingWriter>((std::filesystem::path(media_dir_) / "live").string())) {}

Relay::~Relay() = default;

std::shared_ptr<RelayStream> Relay::stream_for(const LiveStream& stream) {
  std::lock_guard lock(mutex_);
  auto& slot = streams_[stream.id];
  if (!slot) slot = std::make_shared<RelayStream>(stream.id, stream.status, limits_, scheduler_, *recorder_, listener_,
                                                   counters_);
  return slot;
}

std::shared_ptr<RelayStream> Relay::find(const std::string& stream_id) {
  std::lock_guard lock(mutex_);
  auto it = streams_.find(stream_id);
  return it == streams_.end() ? nullptr : it->second;
}

std::shared_ptr<PublisherLink> Relay::attach_publisher(const LiveStream& stream, std::shared_ptr<MessageSink> peer) {
  return stream_for(stream)->attach_publisher(std::move(peer));
}

std::shared_ptr<ViewerLink> Relay::attach_viewer(const LiveStream& stream, const std::string& user_id,
                                                 const std::string& watch_id, std::shared_ptr<MessageSink> peer) {
  return stream_for(stream)->attach_viewer(std::move(peer), user_id, watch_id);
}

int Relay::viewer_sockets(const std::string& stream_id) {
  auto s = find(stream_id);
  return s ? s->viewer_sockets() : 0;
}

bool Relay::publishing(const std::string& stream_id) {
  auto s = find(stream_id);
  return s && s->has_publisher();
}

RelayGauges Relay::gauges() {
  std::vector<std::shared_ptr<RelayStream>> streams;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [id, s] : streams_) streams.push_back(s);
  }
  RelayGauges g;
  g.streams = static_cast<std::int64_t>(streams.size());
  for (const auto& s : streams) {
    g.viewers += s->viewer_sockets();
    g.publishers += s->has_publisher() ? 1 : 0;
  }
  return g;
}

void Relay::expel(const std::string& stream_id, const std::string& user_id, std::int64_t until_ms) {
  if (auto s = find(stream_id)) s->expel(user_id, until_ms);
}

void Relay::end_watch(const std::string& stream_id, const std::string& watch_id) {
  if (auto s = find(stream_id)) s->end_watch(watch_id);
}

void Relay::stream_changed(const LiveStream& stream) {
  if (auto s = find(stream.id)) s->changed(stream);
}

void Relay::adopt_orphan(const LiveStream& stream) { stream_for(stream)->orphaned(); }

std::string Relay::recording_path(const std::string& stream_id) const {
  auto dir = std::filesystem::path(media_dir_) / "recordings";
  auto mp4 = dir / (stream_id + ".mp4");
  std::error_code ec;
  return (std::filesystem::exists(mp4, ec) ? mp4 : dir / (stream_id + ".webm")).string();
}

std::string Relay::thumbnail_path(const std::string& stream_id) const {
  return (std::filesystem::path(media_dir_) / "recordings" / (stream_id + ".jpg")).string();
}

std::shared_ptr<HlsStream> Relay::hls(const std::string& stream_id) {
  if (auto s = find(stream_id)) return s->hls();
  // An ended stream's HLS stays a while: players still fetch its last segments and its end.
  std::lock_guard lock(mutex_);
  auto now = std::chrono::steady_clock::now();
  std::erase_if(ended_hls_, [&](const auto& entry) { return entry.second.second < now; });
  auto it = ended_hls_.find(stream_id);
  return it == ended_hls_.end() ? nullptr : it->second.first;
}

RecordingOutcome Relay::close(const std::string& stream_id, bool save) {
  std::shared_ptr<RelayStream> closed;
  {
    std::lock_guard lock(mutex_);
    if (auto it = streams_.find(stream_id); it != streams_.end()) {
      closed = it->second;
      streams_.erase(it);
    }
  }
  if (closed) {
    closed->closing();
    if (auto hls = closed->hls()) {
      std::lock_guard lock(mutex_);
      ended_hls_[stream_id] = {std::move(hls), std::chrono::steady_clock::now() + kEndedHlsKept};
    }
  }
  recorder_->finish(stream_id);
  // The parts on disk, not only this process's: a stream may have been recorded before a restart.
  auto dir = std::filesystem::path(recorder_->directory_of(stream_id));
  std::vector<std::string> parts;
  std::error_code ec;
  std::set<std::string> extensions;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    auto extension = entry.path().extension().string();
    if (extension != ".webm" && extension != ".mp4") continue;
    parts.push_back(entry.path().string());
    extensions.insert(extension);
  }
  std::sort(parts.begin(), parts.end());
  auto out = recording_path(stream_id);
  if (!save) {
    std::filesystem::remove_all(dir, ec);
    return parts.empty() ? RecordingOutcome::none : RecordingOutcome::discarded;
  }
  if (parts.empty()) {
    // Finalised before a restart, or nothing was ever recorded.
    return std::filesystem::exists(out) ? RecordingOutcome::saved : RecordingOutcome::none;
  }
  // One container: copied as it is. A publisher that came back from another browser may have
  // switched containers: then the parts are re-encoded into one WebM.
  bool mixed = extensions.size() > 1;
  auto extension = mixed ? std::string(".webm") : *extensions.begin();
  out = (std::filesystem::path(media_dir_) / "recordings" / (stream_id + extension)).string();
  std::filesystem::create_directories(std::filesystem::path(out).parent_path(), ec);
  auto tmp = out + ".tmp" + extension;
  auto remuxed = mixed ? transcode_parts(parts, tmp) : join_parts(parts, tmp);
  if (!remuxed) {
    spdlog::error("relay: stream {} recording could not be finalised (raw parts kept in {}): {}", stream_id,
                  dir.string(), remuxed.error().message);
    std::filesystem::remove(tmp, ec);
    return RecordingOutcome::failed;
  }
  std::filesystem::rename(tmp, out, ec);
  if (auto thumb = cut_thumbnail(out, thumbnail_path(stream_id), 1.0); !thumb) {
    spdlog::warn("relay: stream {} thumbnail failed: {}", stream_id, thumb.error().message);
  }
  std::filesystem::remove_all(dir, ec);
  return RecordingOutcome::saved;
}

}  // namespace onair::media
