import { useCallback, useEffect, useRef, useState } from "react";
import { Link, useParams } from "react-router";
import {
  ApiError,
  getLiveStream,
  joinLiveStream,
  leaveLiveStream,
  type ClientEvent,
  type LiveStream,
  type MediaCredentials,
  type StreamStatus,
} from "../api/client";
import { useAuth } from "../app/AuthContext";
import { useServerEvents, useWatchStream } from "../app/EventSocketContext";
import { ErrorMessage } from "../components/ErrorMessage";
import { FollowButton } from "../components/FollowButton";
import { ShareButton } from "../components/ShareButton";
import { ReportButton } from "../moderation/ReportButton";
import { Backoff } from "../lib/backoff";
import { BannedNotice } from "./BannedNotice";
import { sameOriginWebSocketUrl } from "../lib/wsUrl";
import { CameraPaused } from "./CameraPaused";
import { ClientEventLimiter } from "./clientEvents";
import { FollowGate } from "./FollowGate";
import { LazyLiveKitViewer } from "./livekitLazy";
import { LiveChat } from "./LiveChat";
import { Paywall } from "./Paywall";
import { PlayerControls } from "./PlayerControls";
import { Reactions } from "./Reactions";
import {
  canPlayNativeHls,
  HlsPlayer,
  playsHls,
  sameOriginHttpUrl,
} from "./hlsPlayer";
import { mediaSourceClass, RelayPlayer } from "./relayPlayer";
import { SensitiveGate } from "./SensitiveGate";
import type { PlaybackEvents, PlaybackSession } from "./sessions";
import { StreamEndedPanel } from "./StreamEndedPanel";
import {
  readVisitorGate,
  VisitorGate,
  type VisitorGateDetails,
} from "./VisitorGate";
import { EyeIcon } from "../components/Icons";
import { viewersLabel } from "../lib/plural";

type Phase =
  | { kind: "joining" }
  | { kind: "followersOnly" }
  | { kind: "paywall"; priceCredits: number | null }
  | { kind: "sensitive" }
  | { kind: "visitorGate"; gate: VisitorGateDetails }
  | { kind: "watching"; watch: MediaCredentials }
  | { kind: "reconnecting" }
  | { kind: "ended"; reelId: string | null }
  /** Banned from the creator's streams (`until` null: for good); nothing reconnects. */
  | { kind: "banned"; until: string | null }
  | { kind: "error"; error: unknown };

/** When to ask again whether an ended stream's recording became a reel. */
const reelPollDelaysMs = [1500, 3000, 6000, 12_000];

/**
 * Why this browser cannot play what the relay sent (its `unsupported` error): "rejoin" when it
 * plays HLS but joined before the stream offered any (HLS comes with the publisher's first media),
 * else the error code to show.
 */
function unsupportedOutcome(
  watch: MediaCredentials,
  video: HTMLVideoElement | null,
  rejoinedForHls: boolean,
): "rejoin" | "stream_format_unsupported" | "playback_unsupported" {
  const hlsOnly =
    watch.backend === "builtin" &&
    watch.hlsUrl === undefined &&
    mediaSourceClass() === undefined &&
    video !== null &&
    canPlayNativeHls(video);
  if (!hlsOnly) return "playback_unsupported";
  // Joined again and still no HLS: the stream is not H.264 (WebM, from Firefox).
  return rejoinedForHls ? "stream_format_unsupported" : "rejoin";
}

/** What the viewer sees while watching. */
type Playback = "connecting" | "waiting" | "live" | "interrupted";

/** The watch socket's close code for a viewer banned while watching. */
const bannedCloseCode = 4003;

const retryableCodes = new Set([
  "network_error",
  "rate_limited",
  "media_backend_unavailable",
]);

function createPlayer(
  watch: MediaCredentials,
  video: HTMLVideoElement,
  events: PlaybackEvents,
): PlaybackSession {
  if (watch.backend === "livekit")
    return new LazyLiveKitViewer(watch, video, events);
  if (watch.hlsUrl !== undefined && playsHls(watch, video))
    return new HlsPlayer(video, sameOriginHttpUrl(watch.hlsUrl), events);
  return new RelayPlayer(
    video,
    sameOriginWebSocketUrl(watch.url, watch.token),
    events,
  );
}

function playbackFor(status: StreamStatus): Playback | null {
  if (status === "created") return "waiting";
  if (status === "live") return "live";
  if (status === "interrupted") return "interrupted";
  return null;
}

const playbackLabels: Record<Playback | "reconnecting", string> = {
  connecting: "Connecting…",
  waiting: "Waiting for the broadcaster to start…",
  live: "Live",
  interrupted:
    "The broadcaster lost their connection — waiting for them to come back…",
  reconnecting: "Connection lost — reconnecting…",
};

/** `/live/:id`: passes the stream's gates, then plays it and keeps it playing. */
export function LiveStreamViewer() {
  const { id = "" } = useParams();
  const { user } = useAuth();
  const [phase, setPhase] = useState<Phase>({ kind: "joining" });
  const [stream, setStream] = useState<LiveStream | null>(null);
  const [playback, setPlayback] = useState<Playback>("connecting");
  const [viewers, setViewers] = useState<number | null>(null);
  const [muted, setMuted] = useState(false);
  const [autoplayBlocked, setAutoplayBlocked] = useState(false);
  /** Live, but no media for a few seconds: the picture is frozen. */
  const [stalled, setStalled] = useState(false);
  /** Joined at least once: the chat opens and stays (through reconnects and the end). */
  const [chatOpen, setChatOpen] = useState(false);
  /** The join said this viewer moderates the channel. */
  const [canModerate, setCanModerate] = useState<boolean | undefined>(
    undefined,
  );
  const videoRef = useRef<HTMLVideoElement>(null);
  const stageRef = useRef<HTMLDivElement>(null);
  const acknowledged = useRef(false);
  const joined = useRef(false);
  /** The watching session a reconnect continues. */
  const watchId = useRef<string | undefined>(undefined);
  const alive = useRef(true);
  /** Once ended, nothing (a late close, a retry timer) may bring the player back. */
  const ended = useRef(false);
  /** Banned: likewise, until the viewer asks to watch again after a time-out. */
  const banned = useRef(false);
  const retryTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  /** Joined again once to get the HLS the first join did not have yet. */
  const rejoinedForHls = useRef(false);
  const [backoff] = useState(
    () => new Backoff({ initialMs: 1000, maxMs: 15_000 }),
  );
  const [limiter] = useState(() => new ClientEventLimiter());
  /** Client events need an account: a visitor's page reports nothing. */
  const signedIn = useRef(false);
  useEffect(() => {
    signedIn.current = user !== null;
  }, [user]);
  const report = useCallback(
    (event: ClientEvent) => {
      if (signedIn.current) limiter.report(event);
    },
    [limiter],
  );

  const endWith = useCallback((reelId: string | null) => {
    ended.current = true;
    if (retryTimer.current !== null) clearTimeout(retryTimer.current);
    retryTimer.current = null;
    setPhase((current) =>
      current.kind === "ended"
        ? { kind: "ended", reelId: reelId ?? current.reelId }
        : { kind: "ended", reelId },
    );
  }, []);

  /** The server banned this viewer: say why and until when, and stop reconnecting. */
  const banWith = useCallback((until: string | null) => {
    if (ended.current) return;
    banned.current = true;
    if (retryTimer.current !== null) clearTimeout(retryTimer.current);
    retryTimer.current = null;
    setPhase({ kind: "banned", until });
  }, []);

  const loadStreamInfo = useCallback(() => {
    getLiveStream(id).then(
      ({ stream: info }) => {
        if (!alive.current) return;
        setStream(info);
        if (info.status === "ended") endWith(info.reelId);
      },
      () => undefined,
    );
  }, [id, endWith]);

  const joinRef = useRef<(retrying: boolean) => Promise<void>>(() =>
    Promise.resolve(),
  );

  /** Waits (with backoff) and joins again: a fresh token, then a fresh connection. */
  const scheduleRetry = useCallback(() => {
    if (ended.current || banned.current) return;
    setPhase({ kind: "reconnecting" });
    if (retryTimer.current !== null) clearTimeout(retryTimer.current);
    retryTimer.current = setTimeout(() => {
      retryTimer.current = null;
      void joinRef.current(true);
    }, backoff.next());
  }, [backoff]);

  const join = useCallback(
    async (retrying: boolean) => {
      try {
        const {
          stream: joinedStream,
          watch,
          watchId: session,
          canModerate: canModerateHere,
        } = await joinLiveStream(
          id,
          acknowledged.current || undefined,
          retrying ? watchId.current : undefined,
        );
        watchId.current = session;
        if (!alive.current) {
          void leaveLiveStream(id).catch(() => undefined);
          return;
        }
        joined.current = true;
        if (ended.current) return;
        banned.current = false;
        setStream(joinedStream);
        setCanModerate(canModerateHere);
        setViewers(joinedStream.viewerCount);
        if (joinedStream.status === "ended") {
          endWith(joinedStream.reelId);
          return;
        }
        setPlayback(
          playbackFor(joinedStream.status) === "waiting"
            ? "waiting"
            : "connecting",
        );
        setPhase({ kind: "watching", watch });
        setChatOpen(true);
      } catch (error) {
        if (!alive.current) return;
        const code = error instanceof ApiError ? error.code : "";
        // A followers-only or paid stream tells a visitor what it is.
        const visitorGate =
          code === "unauthenticated" && error instanceof ApiError
            ? readVisitorGate(error.details)
            : null;
        if (code === "stream_ended") {
          endWith(null);
          loadStreamInfo();
        } else if (code === "banned" && error instanceof ApiError) {
          const until = error.details.until;
          banWith(typeof until === "string" ? until : null);
          loadStreamInfo();
        } else if (code === "followers_only") {
          setPhase({ kind: "followersOnly" });
          loadStreamInfo();
        } else if (code === "payment_required") {
          const price =
            error instanceof ApiError ? error.details.priceCredits : undefined;
          setPhase({
            kind: "paywall",
            priceCredits: typeof price === "number" ? price : null,
          });
          loadStreamInfo();
        } else if (code === "sensitive_content_not_acknowledged") {
          setPhase({ kind: "sensitive" });
          loadStreamInfo();
        } else if (visitorGate !== null) {
          setPhase({ kind: "visitorGate", gate: visitorGate });
        } else if (
          retrying &&
          (retryableCodes.has(code) ||
            (error instanceof ApiError && error.status >= 500))
        ) {
          scheduleRetry();
        } else {
          setPhase({ kind: "error", error });
        }
      }
    },
    [id, endWith, banWith, loadStreamInfo, scheduleRetry],
  );
  useEffect(() => {
    joinRef.current = join;
  }, [join]);

  // First join, and leaving on unmount or when the page is hidden for good.
  useEffect(() => {
    alive.current = true;
    void join(false);
    const leave = () => {
      if (!joined.current) return;
      joined.current = false;
      void leaveLiveStream(id).catch(() => undefined);
    };
    window.addEventListener("pagehide", leave);
    return () => {
      alive.current = false;
      window.removeEventListener("pagehide", leave);
      if (retryTimer.current !== null) clearTimeout(retryTimer.current);
      leave();
    };
  }, [id, join]);

  // Playback for the current credentials.
  const watch = phase.kind === "watching" ? phase.watch : null;
  useEffect(() => {
    const video = videoRef.current;
    if (watch === null || video === null) return undefined;
    const viaHls = playsHls(watch, video);
    const player = createPlayer(watch, video, {
      onStatus: (status) => {
        const next = playbackFor(status);
        if (next !== null) setPlayback(next);
        if (status === "ended") endWith(null);
      },
      onViewers: setViewers,
      onPlaying: () => {
        // Media arrived, so this connection works. (Not on status "live" alone: a stalled live
        // stream says "live" on every reconnect, and the backoff must still grow.)
        backoff.reset();
        setStalled(false);
        setPlayback((p) => (p === "connecting" ? "live" : p));
      },
      onEnded: (_reason, reelId) => endWith(reelId),
      onStalled: setStalled,
      onBanned: banWith,
      onClose: (detail) => {
        if (detail.code === bannedCloseCode) {
          // Closed for a ban whose message did not come: the join answer says until when.
          void joinRef.current(true);
          return;
        }
        report({
          streamId: id,
          kind: "reconnect",
          message: "viewer connection lost",
          detail,
        });
        scheduleRetry();
      },
      onError: (kind, message) => {
        const unsupported =
          kind === "unsupported"
            ? unsupportedOutcome(watch, video, rejoinedForHls.current)
            : null;
        if (unsupported === "rejoin") {
          rejoinedForHls.current = true;
          void joinRef.current(true);
          return;
        }
        report({
          streamId: id,
          kind: "playback_error",
          message,
          detail: { backend: watch.backend, hls: viaHls, kind },
        });
        if (unsupported !== null || kind === "format") {
          const code = unsupported ?? "stream_format_unsupported";
          setPhase({ kind: "error", error: new ApiError(0, code, message) });
        } else if (kind === "media") {
          scheduleRetry(); // a fresh join starts a fresh MediaSource
        }
      },
      onAutoplayBlocked: () => {
        setMuted(true);
        setAutoplayBlocked(true);
      },
    });
    player.start();
    return () => {
      player.stop();
      setStalled(false);
    };
  }, [watch, id, backoff, endWith, banWith, scheduleRetry, report]);

  // The browser says the network is gone: the relay connection is dead even if its socket has not
  // noticed yet. Say so at once, and join again as soon as the network is back (not after the
  // backoff grew while offline).
  const phaseKind = useRef(phase.kind);
  useEffect(() => {
    phaseKind.current = phase.kind;
  }, [phase.kind]);
  useEffect(() => {
    const onOffline = () => {
      if (phaseKind.current === "watching") scheduleRetry();
    };
    const onOnline = () => {
      // Only while waiting to retry: a join in flight settles by itself.
      if (ended.current || retryTimer.current === null) return;
      clearTimeout(retryTimer.current);
      retryTimer.current = null;
      void joinRef.current(true);
    };
    window.addEventListener("offline", onOffline);
    window.addEventListener("online", onOnline);
    return () => {
      window.removeEventListener("offline", onOffline);
      window.removeEventListener("online", onOnline);
    };
  }, [scheduleRetry]);

  // Stream updates over /ws (status, viewers, the end).
  useWatchStream(id);
  useServerEvents((event) => {
    if (event.type === "banned") {
      const { streamId, until } = event as {
        streamId?: unknown;
        until?: unknown;
      };
      if (streamId === id) banWith(typeof until === "string" ? until : null);
      return;
    }
    if (event.type !== "stream") return;
    const updated = (event as { stream?: LiveStream }).stream;
    if (updated?.id !== id) return;
    setStream(updated);
    setViewers(updated.viewerCount);
    if (updated.status === "ended") endWith(updated.reelId);
    else if (phase.kind === "watching") {
      const next = playbackFor(updated.status);
      if (next !== null && next !== "waiting")
        setPlayback((p) => (p === "connecting" ? p : next));
    }
  });

  // Ended without a reel yet: the relay announces the end before the reel exists, and /ws then
  // says which reel it became. In case that push never comes (no /ws), ask a few times, while
  // the recording may still become a reel.
  const endedWithoutReel = phase.kind === "ended" && phase.reelId === null;
  useEffect(() => {
    if (!endedWithoutReel) return undefined;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let tries = 0;
    const poll = () => {
      const delay = reelPollDelaysMs[tries];
      tries += 1;
      if (delay === undefined) return;
      timer = setTimeout(() => {
        getLiveStream(id).then(
          ({ stream: info }) => {
            if (!alive.current) return;
            setStream(info);
            if (info.reelId !== null) endWith(info.reelId);
            else if (
              info.recording === "recording" ||
              info.recording === "saved"
            )
              poll();
          },
          () => poll(),
        );
      }, delay);
    };
    poll();
    return () => {
      if (timer !== null) clearTimeout(timer);
    };
  }, [endedWithoutReel, id, endWith]);

  function retryNow() {
    banned.current = false;
    backoff.reset();
    rejoinedForHls.current = false;
    setPhase({ kind: "joining" });
    void join(false);
  }

  function changeVolume(volume: number) {
    const video = videoRef.current;
    if (video !== null) video.volume = volume;
  }

  function toggleMute() {
    const video = videoRef.current;
    const next = !muted;
    setMuted(next);
    setAutoplayBlocked(false);
    if (video !== null) {
      video.muted = next;
      if (!next) video.play()?.catch(() => undefined);
    }
  }

  const showVideo = phase.kind === "watching" || phase.kind === "reconnecting";
  const atGate =
    phase.kind === "followersOnly" ||
    phase.kind === "paywall" ||
    phase.kind === "sensitive" ||
    phase.kind === "visitorGate";
  const showChat =
    chatOpen && stream !== null && !atGate && phase.kind !== "banned";
  const unstable =
    phase.kind === "watching" && (stalled || playback === "interrupted");
  const isLive = phase.kind === "watching" && playback === "live" && !stalled;
  const statusLabel =
    phase.kind === "reconnecting"
      ? playbackLabels.reconnecting
      : stalled && playback === "live"
        ? "Waiting for video…"
        : playbackLabels[playback];
  const creator =
    stream?.author ?? (phase.kind === "visitorGate" ? phase.gate.author : null);
  return (
    <section className={`screen viewer${showVideo ? " watching" : ""}`}>
      <header className="viewer-header">
        <h1 className="stream-title">
          {stream?.title ??
            (phase.kind === "visitorGate" ? phase.gate.title : "Live stream")}
        </h1>
        {creator !== null ? (
          <div className="creator-line">
            <span className="muted">
              <Link to={`/u/${encodeURIComponent(creator.handle)}`}>
                {creator.displayName}
              </Link>{" "}
              · @{creator.handle}
            </span>
            <FollowButton handle={creator.handle} />
            <ShareButton
              path={`/live/${encodeURIComponent(id)}`}
              title={stream?.title ?? "Live on onair"}
            />
            <ReportButton
              itemType="live_stream"
              itemId={id}
              subject="this live stream"
              ownerId={stream?.author.id}
            />
          </div>
        ) : null}
      </header>

      <div className={`live-layout${showChat ? " with-chat" : ""}`}>
        <div className="live-main">
          {phase.kind === "joining" ? (
            <p className="muted" role="status">
              Joining…
            </p>
          ) : null}
          {phase.kind === "visitorGate" ? (
            <VisitorGate gate={phase.gate} />
          ) : null}
          {phase.kind === "followersOnly" ? (
            <FollowGate author={stream?.author ?? null} onFollowed={retryNow} />
          ) : null}
          {phase.kind === "paywall" ? (
            <Paywall
              itemId={id}
              priceCredits={phase.priceCredits}
              title={stream?.title}
              onPurchased={retryNow}
            />
          ) : null}
          {phase.kind === "sensitive" ? (
            <SensitiveGate
              title={stream?.title}
              onContinue={() => {
                acknowledged.current = true;
                retryNow();
              }}
            />
          ) : null}
          {phase.kind === "banned" ? (
            <BannedNotice
              until={phase.until}
              creator={stream?.author ?? null}
              onWatchAgain={retryNow}
            />
          ) : null}
          {phase.kind === "error" ? (
            <ErrorMessage error={phase.error} onRetry={retryNow} />
          ) : null}
          {phase.kind === "ended" ? (
            <StreamEndedPanel
              title="This live stream has ended"
              reelId={phase.reelId}
              watchLabel="Watch the replay"
            >
              <p>Thanks for watching.</p>
            </StreamEndedPanel>
          ) : null}

          <div className="stage" ref={stageRef} hidden={!showVideo}>
            <video
              ref={videoRef}
              className="live-video"
              playsInline
              autoPlay
              aria-label="Live video"
            />
            {showVideo && stream !== null && stream.cameraOn === false ? (
              <CameraPaused creator={stream.author} />
            ) : null}
            {unstable ? (
              <p className="stage-notice">
                The creator&apos;s connection is unstable
              </p>
            ) : null}
            {showVideo ? (
              <div className="overlay">
                <span className={`pill ${isLive ? "live" : ""}`} role="status">
                  {statusLabel}
                </span>
                {viewers !== null ? (
                  <span className="pill" aria-label={viewersLabel(viewers)}>
                    <EyeIcon /> {viewers}
                  </span>
                ) : null}
                {stream?.microphoneOn === false ? (
                  <span className="pill">Muted</span>
                ) : null}
              </div>
            ) : null}
            {showVideo ? (
              <PlayerControls
                video={videoRef}
                container={stageRef}
                muted={muted}
                autoplayBlocked={autoplayBlocked}
                onToggleMute={toggleMute}
                onVolumeChange={changeVolume}
              />
            ) : null}
          </div>
          {showChat && showVideo && user !== null ? (
            <Reactions key={id} streamId={id} />
          ) : null}
          {phase.kind === "reconnecting" ? (
            <div className="row">
              <button type="button" onClick={retryNow}>
                Reconnect now
              </button>
            </div>
          ) : null}
        </div>
        {showChat && stream !== null ? (
          <LiveChat
            key={id}
            streamId={id}
            creator={stream.author}
            canModerate={canModerate}
            ended={phase.kind === "ended"}
            onBanned={banWith}
          />
        ) : null}
      </div>
    </section>
  );
}
