// onair: the server process. Reads configuration, opens the store, wires the services and serves
// HTTP until SIGINT/SIGTERM.

#include <sys/resource.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "accounts/account_service.hpp"
#include "analytics/analytics_service.hpp"
#include "chat/chat_service.hpp"
#include "api/context.hpp"
#include "api/pushes.hpp"
#include "events/event_bus.hpp"
#include "events/event_hub.hpp"
#include "core/config.hpp"
#include "core/config_file.hpp"
#include "core/crypto.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"
#include "livekit/access_token.hpp"
#include "livekit/livekit_backend.hpp"
#include "livekit/livekit_client.hpp"
#include "livekit/room_events.hpp"
#include "livekit/twirp_client.hpp"
#include "livekit/webhook.hpp"
#include "media/ffmpeg.hpp"
#include "media/relay.hpp"
#include "media/relay_backend.hpp"
#include "moderation/moderation_service.hpp"
#include "schedule/schedule_service.hpp"
#include "notify/notification_service.hpp"
#include "payments/wallet_service.hpp"
#include "reels/reel_service.hpp"
#include "store/conn.hpp"
#include "store/database.hpp"
#include "store/instance_repository.hpp"
#include "store/pg_event_bus.hpp"
#include "store/rate_limit_repository.hpp"
#include "store/settings_repository.hpp"
#include "streams/stream_service.hpp"

namespace {

/// Carries the relay's reports (made on network threads) to the media listener on the worker pool.
class RelayEvents final : public onair::media::RelayListener {
 public:
  RelayEvents(onair::streams::MediaListener& listener, onair::Scheduler& scheduler)
      : listener_(listener), scheduler_(scheduler) {}

  void on_first_media(const std::string& id) override {
    scheduler_.run_blocking([this, id] { report(listener_.publisher_live(id), id); });
  }
  void on_publisher_lost(const std::string& id) override {
    scheduler_.run_blocking([this, id] { report(listener_.publisher_lost(id), id); });
  }
  void on_grace_expired(const std::string& id) override {
    scheduler_.run_blocking([this, id] { report(listener_.publisher_gone(id, "broadcaster_lost"), id); });
  }
  void on_viewer_left(const std::string& id, const std::string& user_id, const std::string& watch_id) override {
    scheduler_.run_blocking([this, id, user_id, watch_id] { listener_.viewer_left(id, user_id, watch_id); });
  }

 private:
  static void report(const onair::Result<onair::LiveStream>& result, const std::string& id) {
    if (!result) spdlog::info("relay: stream {}: {}", id, result.error().message);
  }

  onair::streams::MediaListener& listener_;
  onair::Scheduler& scheduler_;
};

/// A stream of this instance's relay ended elsewhere: its room closes here, and the recording's
/// outcome is reported (the reel is made here, where the recording is).
void relay_closes_rooms(onair::events::EventBus& bus, onair::media::Relay& relay, onair::streams::StreamService& streams,
                        onair::Scheduler& scheduler, const std::string& instance_id) {
  bus.subscribe([&, instance_id](const onair::events::LiveEvent& event) {
    const auto* closing = std::get_if<onair::events::RoomClosing>(&event);
    if (closing == nullptr || closing->owner_instance != instance_id) return;
    scheduler.run_blocking([&relay, &streams, id = closing->stream_id, save = closing->save] {
      auto outcome = relay.close(id, save);
      if (save && outcome != onair::streams::RecordingOutcome::saved) outcome = onair::streams::RecordingOutcome::failed;
      if (auto finished = streams.recording_finished(id, outcome); !finished) {
        spdlog::warn("relay: stream {}: {}", id, finished.error().message);
      }
    });
  });
}

/// The relay's sockets follow the bus: stream changes (status, counts, the end) and ended watching
/// sessions, wherever they were decided.
void relay_follows(onair::events::EventBus& bus, onair::media::Relay& relay) {
  bus.subscribe([&relay](const onair::events::LiveEvent& event) {
    if (const auto* changed = std::get_if<onair::events::StreamChanged>(&event)) {
      relay.stream_changed(changed->stream);
    } else if (const auto* ended = std::get_if<onair::events::WatchEnded>(&event)) {
      relay.end_watch(ended->stream_id, ended->watch_id);
    } else if (const auto* banned = std::get_if<onair::events::UserBanned>(&event); banned && !banned->lifted) {
      relay.expel(banned->stream_id, banned->user_id, banned->until);
    }
  });
}

/// Turns a saved relay recording into the stream's reel.
/// The reel made of a stream's finished recording; its id, or nothing (logged) when it failed.
std::optional<std::string> make_reel(onair::reels::ReelService& reels, const onair::LiveStream& stream,
                                     const std::string& video, const std::string& thumbnail) {
  auto reel = reels.create_from_stream(stream, video, thumbnail);
  if (!reel) {
    spdlog::error("reels: stream {} recording could not become a reel: {}", stream.id, reel.error().message);
    return std::nullopt;
  }
  return reel->id;
}

class RecordingToReel final : public onair::streams::RecordingSink {
 public:
  RecordingToReel(onair::reels::ReelService& reels, onair::media::Relay& relay) : reels_(reels), relay_(relay) {}
  std::optional<std::string> on_recording_saved(const onair::LiveStream& stream) override {
    return make_reel(reels_, stream, relay_.recording_path(stream.id), relay_.thumbnail_path(stream.id));
  }

 private:
  onair::reels::ReelService& reels_;
  onair::media::Relay& relay_;
};

/// Turns a finished LiveKit egress recording into the stream's reel.
class EgressToReel final : public onair::streams::RecordingSink {
 public:
  EgressToReel(onair::reels::ReelService& reels, onair::livekit::LiveKitBackend& backend)
      : reels_(reels), backend_(backend) {}
  std::optional<std::string> on_recording_saved(const onair::LiveStream& stream) override {
    auto file = backend_.recording_file(stream.id);
    if (!file) {
      spdlog::error("reels: stream {}: the egress file is not under LIVEKIT_EGRESS_DIR", stream.id);
      return std::nullopt;
    }
    auto thumbnail = backend_.thumbnail_path(stream.id);
    if (auto cut = onair::media::cut_thumbnail(*file, thumbnail, 1.0); !cut) {
      spdlog::warn("reels: stream {}: no thumbnail: {}", stream.id, cut.error().message);
    }
    return make_reel(reels_, stream, *file, thumbnail);
  }

 private:
  onair::reels::ReelService& reels_;
  onair::livekit::LiveKitBackend& backend_;
};

/// LiveKit as the media plane: its client, backend, webhook receiver and event handling.
struct LiveKitPlane {
  LiveKitPlane(const onair::Config& config, onair::store::Database& db, const onair::Clock& clock)
      : signer(config.livekit_api_key, config.livekit_api_secret),
        twirp(config.livekit_url, signer, clock, twirp_options(config)),
        client(twirp),
        backend(client, signer, db, clock, settings(config)),
        webhooks(signer) {}

  static onair::livekit::TwirpOptions twirp_options(const onair::Config& config) {
    onair::livekit::TwirpOptions o;
    o.request_timeout = std::chrono::milliseconds(config.livekit_timeout_ms);
    o.connect_timeout = std::chrono::milliseconds(std::min(config.livekit_timeout_ms, 2000));
    return o;
  }
  static onair::livekit::LiveKitSettings settings(const onair::Config& config) {
    onair::livekit::LiveKitSettings s;
    s.client_url = config.livekit_url;
    s.viewer_token_ttl_seconds = config.media_token_ttl_seconds;
    s.egress_dir = config.livekit_egress_dir;
    s.departure_timeout_seconds = config.relay_grace_seconds + 30;
    return s;
  }

  onair::livekit::TokenSigner signer;
  onair::livekit::TwirpClient twirp;
  onair::livekit::LiveKitClient client;
  onair::livekit::LiveKitBackend backend;
  onair::livekit::WebhookReceiver webhooks;
  std::unique_ptr<onair::livekit::RoomEvents> events;
};

/// A random value kept in `file` of the data dir: read when it is there (at least `min_size`
/// bytes), else generated from `bytes` random bytes and written atomically, owner-only.
std::string load_or_create(const onair::Config& config, const char* file, std::size_t bytes, std::size_t min_size) {
  auto path = std::filesystem::path(config.data_dir) / file;
  if (std::ifstream in(path, std::ios::binary); in) {
    std::string value((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (value.size() >= min_size) return value;
  }
  std::string value = onair::crypto::base64url_encode(onair::crypto::random_bytes(bytes));
  auto tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << value;
  }
  ::chmod(tmp.c_str(), 0600);
  std::filesystem::rename(tmp, path);
  return value;
}

/// The key that signs media tokens: ONAIR_SECRET, or one generated once and kept in the data dir.
std::string load_or_create_secret(const onair::Config& config) {
  if (!config.secret.empty()) return config.secret;
  return load_or_create(config, "secret.key", 32, 32);
}

/// On PostgreSQL, where several instances share the database: ONAIR_SECRET, or one generated by
/// the first instance and kept in the database, so every instance verifies every other's tokens
/// without a manual step.
std::string shared_secret(const onair::Config& config, onair::store::Database& db) {
  if (!config.secret.empty()) return config.secret;
  auto candidate = onair::crypto::base64url_encode(onair::crypto::random_bytes(32));
  return db.write([&](onair::store::Conn& conn) -> onair::Result<std::string> {
             return onair::store::settings::agree(conn, "media_token_secret", candidate,
                                                  onair::SystemClock{}.now_ms());
           })
      .value();
}

/// Uploads interrupted by a crash leave their temp files; a day later nobody is finishing them.
void sweep_stale_uploads(const std::string& dir) {
  std::error_code ec;
  auto cutoff = std::filesystem::file_time_type::clock::now() - std::chrono::hours(24);
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.is_regular_file(ec) && entry.last_write_time(ec) < cutoff) std::filesystem::remove(entry.path(), ec);
  }
}

/// How many client connections fit: the descriptor limit is raised to its hard maximum, and the
/// connection cap lowered below it, so the reserve, database, recordings and uploads always have
/// descriptors left (a full table would make accept fail and health checks time out).
std::size_t connection_budget(std::size_t wanted, std::size_t reserve) {
  constexpr std::size_t kOtherDescriptors = 256;
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return wanted;
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
    ::getrlimit(RLIMIT_NOFILE, &limit);
  }
  if (limit.rlim_cur == RLIM_INFINITY) return wanted;
  auto available = static_cast<std::size_t>(limit.rlim_cur);
  std::size_t fits = available > reserve + kOtherDescriptors + 16 ? available - reserve - kOtherDescriptors : 16;
  if (fits < wanted) {
    spdlog::warn("onair: {} descriptors allow {} connections (ONAIR_MAX_CONNECTIONS asks {})", available, fits, wanted);
    return fits;
  }
  return wanted;
}

/// Runs `work` on the worker pool after `first`, then again `interval` after each run ends; a
/// failure is logged as `what` and the next run still comes. `loop` holds the schedule and must
/// outlive the scheduler's timers (main's scope).
void run_every(onair::Scheduler& scheduler, std::function<void()>& loop, std::chrono::milliseconds first,
               std::chrono::milliseconds interval, const char* what, std::function<void()> work) {
  loop = [&scheduler, &loop, interval, what, work = std::move(work)] {
    // `work` by value: this lambda may be a copy the timer drops before the worker runs.
    scheduler.run_blocking([&scheduler, &loop, interval, what, work] {
      try {
        work();
      } catch (const std::exception& e) {
        spdlog::error("{} failed: {}", what, e.what());
      }
      scheduler.after(interval, loop);
    });
  };
  scheduler.after(first, loop);
}

int fail(const std::string& line) {
  std::cerr << "onair: " << line << std::endl;
  return 2;
}

}  // namespace

constexpr const char* kUsage =
    "usage: onair                          serve (configured by ONAIR_* variables, see README)\n"
    "       onair admin grant|revoke HANDLE  give or take operator rights, beside a running server\n";

/// `onair admin grant|revoke HANDLE`: run with the server's configuration; a running server
/// honours it at once (admin rights are read fresh from the database).
int admin_command(const onair::Config& config, const std::string& verb, const std::string& handle) {
  if (verb != "grant" && verb != "revoke") {
    std::cerr << kUsage;
    return 2;
  }
  auto db = onair::store::Database::open(config.database_url, 1);
  if (!db) return fail(db.error().message);
  onair::SystemClock clock;
  onair::accounts::AccountService accounts(**db, clock, config.session_ttl_days, std::nullopt);
  if (auto changed = accounts.set_admin(handle, verb == "grant"); !changed) {
    std::cerr << "onair: " << changed.error().message << std::endl;
    return 1;
  }
  std::cout << "onair: @" << handle << (verb == "grant" ? " is now an admin" : " is no longer an admin") << std::endl;
  return 0;
}

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && !(args.size() == 3 && args[0] == "admin")) {
    std::cerr << kUsage;
    return 2;
  }
  auto env = onair::process_env();
  auto file = onair::config_file_path(env);
  if (!file) return fail(file.error().message);
  if (*file) {
    auto settings = onair::read_config_file(**file);
    if (!settings) return fail(settings.error().message);
    env = onair::with_config_file(std::move(env), std::move(*settings));
  }
  auto config = onair::load_config(env);
  if (!config) return fail(config.error().message);
  if (!args.empty()) {
    spdlog::set_level(spdlog::level::warn);
    onair::crypto::init();
    return admin_command(*config, args[1], args[2]);
  }
  spdlog::set_default_logger(spdlog::stdout_color_mt("onair"));
  spdlog::set_level(spdlog::level::from_str(config->log_level));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ %v", spdlog::pattern_time_type::utc);
  onair::crypto::init();

  std::error_code ec;
  std::filesystem::create_directories(config->data_dir, ec);
  if (ec) return fail("ONAIR_DATA_DIR: cannot create " + config->data_dir + ": " + ec.message());

  onair::http::Router router;
  onair::http::ServerOptions options;
  options.host = config->listen_host;
  options.port = config->listen_port;
  options.network_threads = config->http_threads;
  options.worker_threads = config->worker_threads;
  options.max_body_bytes = config->max_body_bytes;
  options.read_timeout = std::chrono::seconds(config->request_timeout_seconds);
  options.upload_dir = (std::filesystem::path(config->data_dir) / "tmp").string();
  options.max_connections = connection_budget(static_cast<std::size_t>(config->max_connections), options.reserve_connections);
  options.max_connections_per_address = static_cast<std::size_t>(config->max_connections_per_address);
  auto proxies = onair::http::TrustedProxies::parse(config->trusted_proxies);
  if (!proxies) return fail(proxies.error().message);
  options.trusted_proxies = std::move(*proxies);
  // A session per worker, per sign-in worker (the expensive lane) and one for start-up work.
  auto db = onair::store::Database::open(config->database_url, options.worker_threads + options.expensive_threads + 1);
  if (!db) return fail(db.error().message);
  sweep_stale_uploads(options.upload_dir);
  onair::http::Server server(options, router);
  std::uint16_t port = 0;
  try {
    port = server.listen();
  } catch (const std::exception& e) {
    return fail("ONAIR_LISTEN: cannot listen on " + config->listen_host + ":" +
                std::to_string(config->listen_port) + ": " + e.what());
  }
  if (!config->public_url_set) {
    config->public_url = "http://" + config->listen_host + ":" + std::to_string(port);
  }
  if (config->relay_url.empty()) config->relay_url = config->public_url;

  onair::SystemClock clock;
  onair::media::RelayLimits limits;
  limits.grace = std::chrono::seconds(config->relay_grace_seconds);
  limits.max_viewers = config->relay_max_viewers;
  limits.max_bitrate = static_cast<std::uint64_t>(config->relay_max_bitrate);
  limits.transcode_h264 = config->transcode == "h264";
  onair::media::Relay relay(limits, server.scheduler(), config->media_dir);
  // On PostgreSQL several instances may share the database: the secret, the event bus and the
  // sign-in limits are shared too.
  const bool shared_database = (*db)->dialect() == onair::store::Dialect::postgresql;
  const std::string secret = shared_database ? shared_secret(*config, **db) : load_or_create_secret(*config);
  // One bus for live events: this process alone on SQLite; every instance through PostgreSQL.
  // Kept in the data dir: after a restart this instance knows its own streams at once.
  const std::string instance_id = load_or_create(*config, "instance.id", 9, 12);
  std::unique_ptr<onair::events::LocalBus> bus;
  onair::store::PgEventBus* shared_bus = nullptr;
  if (shared_database) {
    auto pg = std::make_unique<onair::store::PgEventBus>(onair::store::postgres_conninfo(config->database_url).value(),
                                                         instance_id, **db);
    shared_bus = pg.get();
    bus = std::move(pg);
  } else {
    bus = std::make_unique<onair::events::LocalBus>();
  }
  relay_follows(*bus, relay);
  onair::media::RelayBackend relay_backend(config->relay_url, secret,
                                           config->media_token_ttl_seconds, clock, &relay, bus.get());
  onair::accounts::AccountService accounts(**db, clock, config->session_ttl_days, config->admin_handles);
  accounts.use_bus(*bus);
  std::unique_ptr<LiveKitPlane> livekit;
  relay_backend.open_hls_to_all(config->hls_cdn);
  onair::streams::MediaBackend* backend = &relay_backend;
  if (config->media_backend == "livekit") {
    livekit = std::make_unique<LiveKitPlane>(*config, **db, clock);
    backend = &livekit->backend;
  }
  onair::streams::StreamService streams(**db, *backend, clock, *bus, livekit ? "" : instance_id);
  streams.set_instance_timeout(std::chrono::seconds(config->instance_timeout_seconds));
  if (!livekit) {
    relay_backend.place(instance_id, [&db, &streams](const std::string& owner) {
      return (*db)
          ->read([&](onair::store::Conn& conn) -> onair::Result<std::optional<std::string>> {
            return onair::store::instances::live_url(conn, owner, streams.alive_since());
          })
          .value();
    });
    relay_closes_rooms(*bus, relay, streams, server.scheduler(), instance_id);
  }
  onair::payments::WalletService wallets(**db, clock);
  onair::reels::ReelService reels(**db, clock, config->media_dir);
  if (int swept = reels.sweep_orphans(std::chrono::hours(1)); swept > 0) {
    spdlog::info("reels: removed {} files of uploads that never became reels", swept);
  }
  RecordingToReel to_reel(reels, relay);
  std::unique_ptr<EgressToReel> egress_to_reel;
  if (livekit) {
    egress_to_reel = std::make_unique<EgressToReel>(reels, livekit->backend);
    streams.set_recording_sink(egress_to_reel.get());
    livekit->events = std::make_unique<onair::livekit::RoomEvents>(
        streams, livekit->backend, **db, server.scheduler(), clock, std::chrono::seconds(config->relay_grace_seconds));
  } else {
    streams.set_recording_sink(&to_reel);
  }
  onair::events::EventHub hub;
  std::unique_ptr<onair::notify::Mailer> mailer;
  if (config->smtp_url.empty()) {
    mailer = std::make_unique<onair::notify::OutboxMailer>((std::filesystem::path(config->data_dir) / "outbox").string(),
                                                           config->mail_from);
  } else {
    mailer = std::make_unique<onair::notify::SmtpMailer>(config->smtp_url, config->mail_from);
  }
  onair::notify::NotificationService notifications(**db, clock, mailer.get(), config->public_url, secret);
  notifications.retry_base = std::chrono::milliseconds(config->email_retry_base_ms);
  notifications.claim = std::chrono::seconds(config->email_claim_seconds);
  notifications.batch_size = config->fanout_batch;
  notifications.set_bus(bus.get());
  RelayEvents events(streams, server.scheduler());
  relay.set_listener(&events);
  auto rate_limits = onair::api::rate_limits(*config, shared_database ? db->get() : nullptr);
  onair::analytics::AnalyticsService analytics(**db, clock);
  onair::chat::ChatService chat(**db, streams, server.scheduler(), clock, *bus, config->chat_stream_per_second);
  onair::api::push_live_events(*bus, hub, chat);
  onair::api::Services services{*config,       **db,  accounts,  streams,        wallets,
                                clock,         rate_limits, hub, reels,          notifications,
                                analytics,     chat,  server.stats(), clock.now_ms()};
  onair::moderation::ModerationService moderation(**db, clock, *bus);
  services.moderation = &moderation;
  onair::schedule::ScheduleService schedule(**db, clock, *bus);
  schedule.attach(notifications);
  services.schedule = &schedule;
  services.scheduler = &server.scheduler();
  services.relay = &relay;
  services.relay_tokens = &relay_backend.signer();
  if (livekit) {
    services.livekit_webhooks = &livekit->webhooks;
    services.livekit_api = &livekit->twirp;
    services.livekit_events = livekit->events.get();
  }
  onair::api::register_routes(router, services);
  if (shared_bus != nullptr) shared_bus->start();
  router.set_fallback(onair::http::static_site(config->web_dir));

  std::function<void()> reconcile;
  if (livekit) {
    // LiveKit rooms outlive a restart of this server: the reconcile asks LiveKit who is still
    // there, at start-up and then periodically — one instance at a time (a lease it renews).
    auto interval = std::chrono::milliseconds(config->livekit_reconcile_seconds * 1000LL);
    run_every(server.scheduler(), reconcile, std::chrono::milliseconds(500), interval, "livekit: reconcile", [&, interval] {
      bool mine = (*db)->write([&](onair::store::Conn& conn) -> onair::Result<bool> {
                          return onair::store::instances::acquire_lease(conn, "livekit_reconcile", instance_id,
                                                                        clock.now_ms(), 3 * interval.count());
                        }).value();
      if (mine) livekit->events->reconcile();
    });
  }
  // Instances beat their hearts; on the built-in relay each also takes over the streams of
  // instances whose heart stopped. At start-up it takes back its own: their viewers' sockets did
  // not survive the restart (their watching sessions end, the players join again) and nobody
  // publishes to them (grace, then they end by themselves).
  auto held = [&relay](const std::string& id) { return relay.publishing(id); };
  // Shared rate-limit buckets (PostgreSQL) idle for a day are forgotten, once an hour.
  onair::TimeMs next_prune = 0;
  auto look_after = [&](bool at_start_up) {
    (*db)->write([&](onair::store::Conn& conn) -> onair::Status {
      onair::store::instances::beat(conn, instance_id, config->relay_url, clock.now_ms());
      return onair::ok_status();
    }).value();
    if (shared_database && clock.now_ms() >= next_prune) {
      onair::store::SharedRateLimiter::prune(**db, clock.now_ms() - 24LL * 3600 * 1000);
      next_prune = clock.now_ms() + 3600LL * 1000;
    }
    if (livekit) return;
    streams.recover_recordings(at_start_up);
    for (const auto& orphan : streams.adopt_unattended(at_start_up, held)) relay.adopt_orphan(orphan);
  };
  look_after(true);
  std::function<void()> heartbeat;
  const auto beat_every = std::chrono::milliseconds(config->instance_timeout_seconds * 250LL);
  run_every(server.scheduler(), heartbeat, beat_every, beat_every, "onair: heartbeat", [&] { look_after(false); });

  std::printf("onair listening on http://%s:%u\n", config->listen_host.c_str(), port);
  std::fflush(stdout);
  spdlog::info("onair: serving {} (database {}, media {})", config->web_dir, onair::without_password(config->database_url),
               config->media_backend);
  notifications.start();
  server.run();
  notifications.stop();
  if (shared_bus != nullptr) shared_bus->stop();  // before the services its handlers reach go
  spdlog::info("onair: stopped");
  return 0;
}
