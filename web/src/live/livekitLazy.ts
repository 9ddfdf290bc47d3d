import { logClientEvent, type MediaCredentials } from "../api/client";
import type { ReportClientEvent } from "./clientEvents";
import type {
  PlaybackEvents,
  PlaybackSession,
  PublishEvents,
  PublishSession,
} from "./sessions";

/**
 * livekit-client is most of the bundle and only LiveKit mode needs it, so it is loaded on first
 * use. These wrappers keep the sessions' synchronous shape while the module loads.
 */
function loadLiveKit() {
  return import("./livekit");
}

export class LazyLiveKitPublisher implements PublishSession {
  readonly backend = "livekit" as const;
  private inner: PublishSession | null = null;
  private stopped = false;

  constructor(
    private readonly credentials: MediaCredentials,
    private readonly media: MediaStream,
    private readonly events: PublishEvents,
    private readonly streamId?: string,
    private readonly report: ReportClientEvent = logClientEvent,
  ) {}

  start(): void {
    this.events.onConnection?.("connecting");
    loadLiveKit().then(
      ({ LiveKitPublisher }) => {
        if (this.stopped) return;
        this.inner = new LiveKitPublisher(
          this.credentials,
          this.media,
          this.events,
          this.streamId,
          this.report,
        );
        this.inner.start();
      },
      (error: unknown) => {
        this.events.onError?.("livekit_unavailable", String(error));
        this.events.onConnection?.(
          "failed",
          "The LiveKit client could not be loaded.",
        );
      },
    );
  }

  setAudioEnabled(enabled: boolean): void {
    if (this.inner !== null) this.inner.setAudioEnabled(enabled);
    else
      for (const track of this.media.getAudioTracks()) track.enabled = enabled;
  }

  setVideoEnabled(enabled: boolean): void {
    if (this.inner !== null) this.inner.setVideoEnabled(enabled);
    else
      for (const track of this.media.getVideoTracks()) track.enabled = enabled;
  }

  reconnectNow(): void {
    this.inner?.reconnectNow();
  }

  stop(): void {
    this.stopped = true;
    this.inner?.stop();
  }
}

export class LazyLiveKitViewer implements PlaybackSession {
  private inner: PlaybackSession | null = null;
  private stopped = false;

  constructor(
    private readonly credentials: MediaCredentials,
    private readonly video: HTMLVideoElement,
    private readonly events: PlaybackEvents,
  ) {}

  start(): void {
    loadLiveKit().then(
      ({ LiveKitViewer }) => {
        if (this.stopped) return;
        this.inner = new LiveKitViewer(
          this.credentials,
          this.video,
          this.events,
        );
        this.inner.start();
      },
      (error: unknown) =>
        this.events.onError?.(
          "unsupported",
          `The LiveKit client could not be loaded: ${String(error)}`,
        ),
    );
  }

  stop(): void {
    this.stopped = true;
    this.inner?.stop();
  }
}
