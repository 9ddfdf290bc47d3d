import type { MediaBackend, StreamStatus } from "../api/client";

/** How the broadcaster's connection to the media plane is doing. */
export type PublishConnection =
  "connecting" | "connected" | "reconnecting" | "stopped" | "failed";

/** How well the broadcast reaches the media plane, reported about once a second while connected. */
export interface PublishHealth {
  /** What leaves this browser, kbit/s; null when the backend does not say. */
  bitrateKbps: number | null;
  /** Recorded media the publisher had to throw away (no open socket to send it on). */
  droppedBytes: number;
  droppedChunks: number;
  /** Viewers are likely seeing stalls: the upload cannot keep up or the link is poor. */
  struggling: boolean;
}

export interface PublishEvents {
  onConnection?(state: PublishConnection, detail?: string): void;
  onHealth?(health: PublishHealth): void;
  /** The stream's status as the media plane sees it. */
  onStatus?(status: StreamStatus): void;
  onViewers?(count: number): void;
  onEnded?(reason: string): void;
  onError?(code: string, message: string): void;
}

/** A running broadcast to either media backend. It never stops the camera tracks it was given. */
export interface PublishSession {
  readonly backend: MediaBackend;
  start(): void;
  setAudioEnabled(enabled: boolean): void;
  setVideoEnabled(enabled: boolean): void;
  /** Skips the backoff wait and reconnects now. */
  reconnectNow(): void;
  stop(): void;
}

export interface PlaybackEvents {
  /** The transport is connected (media may not have arrived yet). */
  onOpen?(): void;
  onStatus?(status: StreamStatus): void;
  onViewers?(count: number): void;
  /** The first picture is ready to show. */
  onPlaying?(): void;
  onEnded?(reason: string | null, reelId: string | null): void;
  /** The server banned this viewer from the creator's streams (`until` null: for good). */
  onBanned?(until: string | null): void;
  /** The connection was lost without the stream ending; the caller decides how to reconnect. */
  onClose?(detail: { code?: number; reason?: string }): void;
  /** No media for a while though the stream is live (true), or media flows again (false). */
  onStalled?(stalled: boolean): void;
  /**
   * unsupported: no way to play video here; format: this device cannot decode the stream's
   * codecs; media: playback broke (a fresh join may help); server: the relay said so.
   */
  onError?(
    kind: "unsupported" | "format" | "media" | "server",
    message: string,
  ): void;
  /** The browser refused to play with sound; playback continues muted. */
  onAutoplayBlocked?(): void;
}

/** A running playback from either media backend into one video element. */
export interface PlaybackSession {
  start(): void;
  stop(): void;
}

/** Plays the element; if the browser refuses sound without a gesture, plays muted instead. */
export function playWithAutoplayFallback(
  video: HTMLVideoElement,
  onBlocked?: () => void,
): void {
  const attempt = video.play();
  if (attempt === undefined) return;
  attempt.catch((error: unknown) => {
    if (
      error instanceof DOMException &&
      error.name === "NotAllowedError" &&
      !video.muted
    ) {
      video.muted = true;
      onBlocked?.();
      video.play()?.catch(() => undefined);
    }
  });
}
