import { useCallback, useEffect, useRef, useState } from "react";
import { Link, useParams } from "react-router";
import {
  getLiveStream,
  setLiveStreamState,
  type LiveStream,
  type MediaCredentials,
} from "../api/client";
import { useAuth } from "../app/AuthContext";
import { useServerEvents, useWatchStream } from "../app/EventSocketContext";
import { ErrorMessage } from "../components/ErrorMessage";
import {
  forgetPublishCredentials,
  readPublishCredentials,
  takeHandedOffMedia,
} from "./broadcastHandoff";
import { BuiltinPublisher } from "./builtinPublisher";
import { CameraPaused } from "./CameraPaused";
import { CameraPreview } from "./CameraPreview";
import { ClientEventLimiter, type ReportClientEvent } from "./clientEvents";
import { CameraSetup } from "./CameraSetup";
import { LazyLiveKitPublisher } from "./livekitLazy";
import { LiveChat } from "./LiveChat";
import { LiveStreamControls } from "./LiveStreamControls";
import { Reactions } from "./Reactions";
import { StreamEndedPanel } from "./StreamEndedPanel";
import { broadcastHealth } from "./broadcastHealth";
import type {
  PublishConnection,
  PublishEvents,
  PublishHealth,
  PublishSession,
} from "./sessions";
import { useServerAnswering } from "./serverAnswering";
import { useLiveThumbnails } from "./thumbnails";
import { useCamera } from "./useCamera";

function createPublisher(
  credentials: MediaCredentials,
  media: MediaStream,
  streamId: string,
  events: PublishEvents,
  report: ReportClientEvent,
): PublishSession {
  if (credentials.backend === "livekit")
    return new LazyLiveKitPublisher(
      credentials,
      media,
      events,
      streamId,
      report,
    );
  return new BuiltinPublisher(credentials, media, events, {
    streamId,
    report,
    shouldRetry: async () =>
      (await getLiveStream(streamId)).stream.status !== "ended",
  });
}

/** `/live/:id/broadcast`: publishes the camera and shows the broadcaster's controls. */
export function LiveStreamBroadcaster() {
  const { id = "" } = useParams();
  const { user } = useAuth();
  const [handedOff] = useState(() => takeHandedOffMedia(id));
  const camera = useCamera(handedOff);
  const [credentials] = useState(() => readPublishCredentials(id));
  const [stream, setStream] = useState<LiveStream | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [connection, setConnection] = useState<PublishConnection>("connecting");
  const [connectionDetail, setConnectionDetail] = useState<string | undefined>(
    undefined,
  );
  const [health, setHealth] = useState<PublishHealth | null>(null);
  const [limiter] = useState(() => new ClientEventLimiter());
  const previewRef = useRef<HTMLVideoElement>(null);
  const [viewerCount, setViewerCount] = useState(0);
  const [audioEnabled, setAudioEnabled] = useState(true);
  const [videoEnabled, setVideoEnabled] = useState(true);
  const [finished, setFinished] = useState<"byOwner" | "elsewhere" | null>(
    null,
  );
  const [sessionKey, setSessionKey] = useState(0);
  const session = useRef<PublishSession | null>(null);
  /** The owner asked to end the stream here and the answer has not come yet. */
  const endingHere = useRef(false);

  /** The stream is over: by this page's End stream (its summary follows), or from elsewhere. */
  const markEnded = useCallback(
    () =>
      setFinished((f) => f ?? (endingHere.current ? "byOwner" : "elsewhere")),
    [],
  );

  const refreshStream = useCallback(() => {
    getLiveStream(id).then(
      ({ stream: latest }) => {
        setStream(latest);
        setViewerCount(latest.viewerCount);
        if (latest.status === "ended") markEnded();
      },
      (error: unknown) => setLoadError(error),
    );
  }, [id, markEnded]);

  useEffect(refreshStream, [refreshStream]);

  useWatchStream(id);
  useServerEvents((event) => {
    if (event.type !== "stream") return;
    const updated = (event as { stream?: LiveStream }).stream;
    if (updated?.id !== id) return;
    setStream(updated);
    setViewerCount(updated.viewerCount);
    if (updated.status === "ended") markEnded();
  });

  const isOwner =
    stream !== null && user !== null && stream.author.id === user.id;
  const media = camera.stream;
  const canPublish =
    isOwner &&
    credentials !== null &&
    media !== null &&
    finished === null &&
    stream?.status !== "ended";

  useEffect(() => {
    if (!canPublish || credentials === null || media === null) return undefined;
    const publisher = createPublisher(
      credentials,
      media,
      id,
      {
        onConnection: (state, detail) => {
          setConnection(state);
          setConnectionDetail(detail);
          if (state !== "connected") setHealth(null);
        },
        onHealth: setHealth,
        onStatus: (status) => {
          setStream((s) => (s === null ? s : { ...s, status }));
          if (status === "live") refreshStream(); // picks up startedAt
        },
        onViewers: setViewerCount,
        onEnded: markEnded,
      },
      limiter.report,
    );
    session.current = publisher;
    publisher.start();
    return () => {
      session.current = null;
      publisher.stop();
    };
  }, [
    canPublish,
    credentials,
    media,
    id,
    refreshStream,
    markEnded,
    sessionKey,
    limiter,
  ]);

  // Stop the camera as soon as the stream is over.
  const detachCamera = camera.detach;
  useEffect(() => {
    if (finished === null) return;
    forgetPublishCredentials(id);
    for (const track of detachCamera()?.getTracks() ?? []) track.stop();
  }, [finished, id, detachCamera]);

  const serverAnswering = useServerAnswering(
    canPublish && connection === "connected",
  );

  useLiveThumbnails(
    id,
    previewRef,
    canPublish &&
      connection === "connected" &&
      stream?.status === "live" &&
      videoEnabled,
  );

  /** Tells viewers (placeholder, "Muted"); the broadcast goes on if they cannot be told. */
  function announceState(state: {
    cameraOn?: boolean;
    microphoneOn?: boolean;
  }) {
    setLiveStreamState(id, state).then(
      ({ stream: latest }) => setStream(latest),
      (error: unknown) =>
        console.warn("Could not tell viewers about the camera", error),
    );
  }

  function toggleAudio() {
    const next = !audioEnabled;
    setAudioEnabled(next);
    if (session.current !== null) session.current.setAudioEnabled(next);
    else
      for (const track of media?.getAudioTracks() ?? []) track.enabled = next;
    announceState({ microphoneOn: next });
  }

  function toggleVideo() {
    const next = !videoEnabled;
    setVideoEnabled(next);
    if (session.current !== null) session.current.setVideoEnabled(next);
    else
      for (const track of media?.getVideoTracks() ?? []) track.enabled = next;
    announceState({ cameraOn: next });
  }

  function reconnect() {
    if (connection === "failed") setSessionKey((k) => k + 1);
    else session.current?.reconnectNow();
  }

  const shownConnection: PublishConnection =
    credentials === null ? "failed" : media === null ? "stopped" : connection;

  if (loadError !== null && stream === null) {
    return (
      <section className="screen">
        <ErrorMessage
          error={loadError}
          onRetry={() => {
            setLoadError(null);
            refreshStream();
          }}
        />
      </section>
    );
  }
  if (stream === null)
    return (
      <p className="muted" role="status">
        Loading your stream…
      </p>
    );
  if (!isOwner) {
    return (
      <section className="screen panel">
        <h1>{stream.title}</h1>
        <p>Only @{stream.author.handle} can broadcast this stream.</p>
        <Link className="button" to={`/live/${encodeURIComponent(id)}`}>
          Watch it instead
        </Link>
      </section>
    );
  }

  const publishing = finished === null && media !== null;
  const shownHealth = broadcastHealth(
    shownConnection,
    stream.status,
    health,
    serverAnswering,
  );
  return (
    <section className={`screen broadcaster${publishing ? " publishing" : ""}`}>
      <div className="live-layout with-chat">
        {finished === "elsewhere" ? (
          <StreamEndedPanel
            title="Stream ended"
            headingLevel={1}
            className="live-main"
            reelId={stream.reelId}
            watchLabel="Watch the reel"
            summaryOf={stream.id}
          >
            <p>
              This live stream has ended
              {stream.endReason === "broadcaster_lost"
                ? " because the broadcast was lost for too long"
                : ""}
              .
            </p>
          </StreamEndedPanel>
        ) : (
          <div className="live-main">
            <h1 className="stream-title">{stream.title}</h1>
            {finished === null && credentials === null ? (
              <p className="panel" role="alert">
                This tab does not have the publishing key for this stream — it
                is kept only in the tab that started it. You can still end the
                stream here.
              </p>
            ) : null}
            {finished === null && credentials !== null && media === null ? (
              <CameraSetup camera={camera} showPickers={false} />
            ) : null}
            {publishing ? (
              <div className="stage">
                <CameraPreview
                  stream={media}
                  label="Your camera"
                  className={videoEnabled ? "" : "camera-off"}
                  videoRef={previewRef}
                />
                {videoEnabled ? null : <CameraPaused creator={stream.author} />}
                {audioEnabled ? null : (
                  <div className="overlay">
                    <span className="pill">Muted</span>
                  </div>
                )}
                {/* Seen at a glance; the connection status below announces it. */}
                {shownHealth.warning ? (
                  <p className="health-banner">{shownHealth.label}</p>
                ) : null}
              </div>
            ) : null}
            <LiveStreamControls
              stream={stream}
              viewerCount={viewerCount}
              connection={shownConnection}
              connectionDetail={connectionDetail}
              health={health}
              serverAnswering={serverAnswering}
              audioEnabled={audioEnabled}
              videoEnabled={videoEnabled}
              onToggleAudio={toggleAudio}
              onToggleVideo={toggleVideo}
              onReconnect={
                credentials !== null && media !== null ? reconnect : undefined
              }
              onEnding={(ending) => {
                endingHere.current = ending;
              }}
              onEnded={() => setFinished("byOwner")}
            />
            {/* After the controls: the creator's own reactions are not the first tab stops. */}
            {finished === null ? <Reactions key={id} streamId={id} /> : null}
          </div>
        )}
        {/* Same place in both branches: the chat stays mounted when the stream ends. */}
        <LiveChat
          key={id}
          streamId={id}
          creator={stream.author}
          canModerate
          ended={finished !== null || stream.status === "ended"}
        />
      </div>
    </section>
  );
}
