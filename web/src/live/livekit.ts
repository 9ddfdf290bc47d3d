import {
  ConnectionQuality,
  Room,
  RoomEvent,
  Track,
  type Participant,
  type RemoteTrack,
} from "livekit-client";
import { logClientEvent, type MediaCredentials } from "../api/client";
import { Backoff } from "../lib/backoff";
import type { ReportClientEvent } from "./clientEvents";
import {
  playWithAutoplayFallback,
  type PlaybackEvents,
  type PlaybackSession,
  type PublishEvents,
  type PublishSession,
} from "./sessions";

/**
 * LiveKit mode (`backend: "livekit"`): the server hands out a LiveKit server URL and an access
 * token; livekit-client does the WebRTC work. The URL is used as given (it names the SFU, not
 * this origin).
 */
export class LiveKitPublisher implements PublishSession {
  readonly backend = "livekit" as const;
  private room: Room | null = null;
  private stopped = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly backoff = new Backoff({ initialMs: 1000, maxMs: 10_000 });

  constructor(
    private readonly credentials: MediaCredentials,
    private readonly media: MediaStream,
    private readonly events: PublishEvents,
    private readonly streamId?: string,
    private readonly report: ReportClientEvent = logClientEvent,
  ) {}

  start(): void {
    void this.connect();
  }

  setAudioEnabled(enabled: boolean): void {
    for (const track of this.media.getAudioTracks()) track.enabled = enabled;
    this.forEachPublication(Track.Kind.Audio, enabled);
  }

  setVideoEnabled(enabled: boolean): void {
    for (const track of this.media.getVideoTracks()) track.enabled = enabled;
    this.forEachPublication(Track.Kind.Video, enabled);
  }

  reconnectNow(): void {
    if (this.stopped) return;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.disposeRoom();
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.disposeRoom();
    this.events.onConnection?.("stopped");
  }

  private async connect(): Promise<void> {
    const room = new Room({ adaptiveStream: false, dynacast: true });
    this.room = room;
    const countViewers = () =>
      this.events.onViewers?.(room.remoteParticipants.size);
    room
      .on(RoomEvent.Reconnecting, () =>
        this.events.onConnection?.("reconnecting"),
      )
      .on(RoomEvent.Reconnected, () => this.events.onConnection?.("connected"))
      .on(
        RoomEvent.ConnectionQualityChanged,
        (quality: ConnectionQuality, participant: Participant) => {
          if (participant !== room.localParticipant) return;
          this.events.onHealth?.({
            bitrateKbps: null,
            droppedBytes: 0,
            droppedChunks: 0,
            struggling:
              quality === ConnectionQuality.Poor ||
              quality === ConnectionQuality.Lost,
          });
        },
      )
      .on(RoomEvent.ParticipantConnected, countViewers)
      .on(RoomEvent.ParticipantDisconnected, countViewers)
      .on(RoomEvent.Disconnected, () => {
        if (this.room === room) this.onLost("disconnected");
      });
    this.events.onConnection?.(
      this.backoff.attempts === 0 ? "connecting" : "reconnecting",
    );
    try {
      await room.connect(this.credentials.url, this.credentials.token);
      for (const track of this.media.getTracks()) {
        await room.localParticipant.publishTrack(track, {
          source:
            track.kind === "video"
              ? Track.Source.Camera
              : Track.Source.Microphone,
        });
      }
    } catch (error) {
      if (this.room !== room || this.stopped) return;
      this.events.onError?.(
        "livekit_connect_failed",
        error instanceof Error ? error.message : String(error),
      );
      this.onLost("connect failed");
      return;
    }
    if (this.room !== room || this.stopped) return;
    this.backoff.reset();
    this.events.onConnection?.("connected");
    countViewers();
  }

  private onLost(why: string): void {
    if (this.stopped) return;
    this.disposeRoom();
    const delay = this.backoff.next();
    this.events.onConnection?.("reconnecting");
    this.report({
      streamId: this.streamId,
      kind: "reconnect",
      message: `livekit publisher ${why}; retrying in ${delay} ms`,
    });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped) void this.connect();
    }, delay);
  }

  private disposeRoom(): void {
    const room = this.room;
    this.room = null;
    if (room === null) return;
    room.removeAllListeners();
    void room.disconnect(false); // the camera tracks belong to the page
  }

  private forEachPublication(kind: Track.Kind, enabled: boolean): void {
    const room = this.room;
    if (room === null) return;
    const publications =
      kind === Track.Kind.Audio
        ? room.localParticipant.audioTrackPublications
        : room.localParticipant.videoTrackPublications;
    for (const publication of publications.values())
      void (enabled ? publication.unmute() : publication.mute());
  }
}

/** Watches a LiveKit room: every subscribed audio and video track goes into one video element. */
export class LiveKitViewer implements PlaybackSession {
  private room: Room | null = null;
  private stopped = false;
  private playing = false;

  constructor(
    private readonly credentials: MediaCredentials,
    private readonly video: HTMLVideoElement,
    private readonly events: PlaybackEvents,
  ) {}

  start(): void {
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    const room = this.room;
    this.room = null;
    if (room === null) return;
    room.removeAllListeners();
    void room.disconnect();
  }

  private async connect(): Promise<void> {
    const room = new Room({ adaptiveStream: true, dynacast: false });
    this.room = room;
    room
      .on(RoomEvent.TrackSubscribed, (track: RemoteTrack) => this.attach(track))
      .on(RoomEvent.TrackUnsubscribed, (track: RemoteTrack) => {
        track.detach(this.video);
      })
      .on(RoomEvent.Reconnecting, () => this.events.onStatus?.("interrupted"))
      .on(RoomEvent.Reconnected, () => this.events.onStatus?.("live"))
      .on(RoomEvent.Disconnected, () => {
        if (this.room === room && !this.stopped)
          this.events.onClose?.({ reason: "livekit disconnected" });
      });
    try {
      await room.connect(this.credentials.url, this.credentials.token);
    } catch (error) {
      if (this.room !== room || this.stopped) return;
      this.events.onError?.(
        "server",
        error instanceof Error ? error.message : String(error),
      );
      this.events.onClose?.({ reason: "livekit connect failed" });
      return;
    }
    if (this.room !== room || this.stopped) return;
    this.events.onOpen?.();
  }

  private attach(track: RemoteTrack): void {
    if (track.kind !== Track.Kind.Video && track.kind !== Track.Kind.Audio)
      return;
    track.attach(this.video);
    if (track.kind === Track.Kind.Video && !this.playing) {
      this.playing = true;
      playWithAutoplayFallback(this.video, this.events.onAutoplayBlocked);
      this.events.onPlaying?.();
    }
  }
}
