import type { MediaCredentials } from "../api/client";
import { mediaSourceClass } from "./relayPlayer";
import {
  playWithAutoplayFallback,
  type PlaybackEvents,
  type PlaybackSession,
} from "./sessions";

const hlsMimeType = "application/vnd.apple.mpegurl";
/** MediaError.MEDIA_ERR_SRC_NOT_SUPPORTED (jsdom has no MediaError). */
const srcNotSupported = 4;

export interface HlsPlayerOptions {
  /** After this long waiting for data while playing, viewers are told the picture is stuck. */
  stallNoticeMs?: number;
}

/** The video element plays HLS by itself (Safari, every iPhone). */
export function canPlayNativeHls(video: HTMLVideoElement): boolean {
  return video.canPlayType(hlsMimeType) !== "";
}

/**
 * The stream plays as HLS in this browser: the relay offers it (an H.264 stream) and there is no
 * Media Source API (iPhones before iOS 17.1) but the element plays HLS. Where Media Source
 * exists the relay's WebSocket stays the way: lower latency, and WebM streams too.
 */
export function playsHls(
  watch: MediaCredentials,
  video: HTMLVideoElement,
): boolean {
  return (
    watch.backend === "builtin" &&
    watch.hlsUrl !== undefined &&
    mediaSourceClass() === undefined &&
    canPlayNativeHls(video)
  );
}

/**
 * The HTTP URL on the page's own origin for a server URL: the relay names itself as it sees
 * itself (see sameOriginWebSocketUrl); behind a proxy or the dev server only the path is right.
 */
export function sameOriginHttpUrl(
  url: string,
  location: Pick<Location, "origin"> = window.location,
): string {
  const parsed = new URL(url, location.origin);
  return `${location.origin}${parsed.pathname}${parsed.search}`;
}

/**
 * Plays the relay's Low-Latency HLS with the browser's own HLS player (`video.src` = playlist).
 * The element fetches, buffers and keeps to the live edge by itself; this session only turns its
 * events into PlaybackEvents. The stream's status and viewer count are not in HLS: the viewer
 * gets them from `/ws`. The playlist's `#EXT-X-ENDLIST` reaches us as the element's `ended`.
 */
export class HlsPlayer implements PlaybackSession {
  private stopped = false;
  private pictureShown = false;
  private stallNoticed = false;
  private stallTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly stallNoticeMs: number;
  private readonly listeners: [string, () => void][] = [
    ["loadeddata", () => this.onLoadedData()],
    ["playing", () => this.onProgress()],
    ["timeupdate", () => this.onProgress()],
    ["waiting", () => this.onWaiting()],
    ["ended", () => this.onEnded()],
    ["error", () => this.onMediaError()],
  ];

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly url: string,
    private readonly events: PlaybackEvents,
    options: HlsPlayerOptions = {},
  ) {
    this.stallNoticeMs = options.stallNoticeMs ?? 3000;
  }

  start(): void {
    for (const [type, listener] of this.listeners)
      this.video.addEventListener(type, listener);
    this.video.src = this.url;
    playWithAutoplayFallback(this.video, this.events.onAutoplayBlocked);
  }

  stop(): void {
    this.stopped = true;
    this.clearStallTimer();
    for (const [type, listener] of this.listeners)
      this.video.removeEventListener(type, listener);
    this.video.removeAttribute("src");
    this.video.load();
  }

  private onLoadedData(): void {
    if (this.stopped || this.pictureShown) return;
    this.pictureShown = true;
    this.events.onPlaying?.();
  }

  private onProgress(): void {
    if (this.stopped || this.video.paused) return;
    this.clearStallTimer();
    if (this.stallNoticed) {
      this.stallNoticed = false;
      this.events.onStalled?.(false);
    }
  }

  /** Playback stopped for want of data: said after a while, since short waits are normal. */
  private onWaiting(): void {
    if (this.stopped || this.stallTimer !== null || this.stallNoticed) return;
    this.stallTimer = setTimeout(() => {
      this.stallTimer = null;
      if (this.stopped) return;
      this.stallNoticed = true;
      this.events.onStalled?.(true);
    }, this.stallNoticeMs);
  }

  private onEnded(): void {
    if (this.stopped) return;
    this.clearStallTimer();
    this.events.onEnded?.(null, null);
  }

  private onMediaError(): void {
    if (this.stopped) return;
    this.clearStallTimer();
    const error = this.video.error;
    const detail = error?.message ? `: ${error.message}` : "";
    // Refused before any picture: this element cannot play the stream at all, and joining again
    // would not change that. Later errors (the network, a decode hiccup) may pass with a fresh join.
    if (!this.pictureShown && error?.code === srcNotSupported)
      this.events.onError?.("unsupported", `HLS playback refused${detail}`);
    else
      this.events.onError?.(
        "media",
        `HLS playback failed (code ${error?.code ?? "?"})${detail}`,
      );
  }

  private clearStallTimer(): void {
    if (this.stallTimer !== null) clearTimeout(this.stallTimer);
    this.stallTimer = null;
  }
}
