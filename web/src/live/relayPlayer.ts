import type { StreamStatus } from "../api/client";
import { decideCatchUp, decideTrim, type Range } from "./liveCatchUp";
import {
  playWithAutoplayFallback,
  type PlaybackEvents,
  type PlaybackSession,
} from "./sessions";

const defaultMimeType = 'video/webm; codecs="vp8,opus"';
const statuses: readonly StreamStatus[] = [
  "created",
  "live",
  "interrupted",
  "ended",
];

export interface RelayPlayerOptions {
  /** How often the catch-up, trim and stall logic runs. */
  tickMs?: number;
  /**
   * A live stream sends media ~10 times a second. After this long without any message while the
   * stream is live, the connection counts as lost although it never closed (a half-open TCP
   * connection after a network drop), and the caller is told to reconnect.
   */
  stallTimeoutMs?: number;
  /** After this long without a message while live, viewers are told the picture is stuck. */
  stallNoticeMs?: number;
}

/**
 * Plays the built-in relay's stream (WebM or fragmented MP4, as `init` says) into a video element
 * through Media Source Extensions (MediaSource, or ManagedMediaSource on Apple devices).
 *
 * Protocol (watch socket): JSON text frames are control (`init`, `reset`, `status`, `viewers`,
 * `skip`, `ended`, `banned` (then the socket closes with 4003), optional `keyframe`); binary frames are media bytes — the init segment then
 * fragments (Clusters, moof+mdat) from a keyframe on — appended in order to one SourceBuffer in
 * `segments` mode.
 */
export class RelayPlayer implements PlaybackSession {
  private socket: WebSocket | null = null;
  private mediaSource: MediaSource | null = null;
  private sourceBuffer: SourceBuffer | null = null;
  private objectUrl: string | null = null;
  private mimeType = defaultMimeType;
  private pending: ArrayBuffer[] = [];
  private firstAppendDone = false;
  private keyframeTimes: number[] = [];
  private stopped = false;
  private ended = false;
  private tickTimer: ReturnType<typeof setInterval> | null = null;
  private readonly tickMs: number;
  private readonly stallTimeoutMs: number;
  private readonly stallNoticeMs: number;
  /** onStalled(true) was said and media has not flowed since. */
  private stallNoticed = false;
  /** The stream's status as the relay last told it. */
  private status: StreamStatus | null = null;
  private lastMessageAt = 0;
  /** When the pending seek began (ms), or null: a seek that never ends is given up. */
  private seekingSince: number | null = null;

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly url: string,
    private readonly events: PlaybackEvents,
    options: RelayPlayerOptions = {},
  ) {
    this.tickMs = options.tickMs ?? 500;
    this.stallTimeoutMs = options.stallTimeoutMs ?? 6000;
    this.stallNoticeMs = options.stallNoticeMs ?? 3000;
  }

  start(): void {
    const socket = new WebSocket(this.url);
    socket.binaryType = "arraybuffer";
    this.socket = socket;
    socket.onopen = () => this.events.onOpen?.();
    socket.onmessage = (event: MessageEvent) => {
      if (this.stopped) return;
      this.lastMessageAt = Date.now();
      if (this.stallNoticed) {
        this.stallNoticed = false;
        this.events.onStalled?.(false);
      }
      if (typeof event.data === "string") this.onControl(event.data);
      else if (event.data instanceof ArrayBuffer) this.onMedia(event.data);
    };
    socket.onclose = (event: CloseEvent) => {
      if (this.stopped || this.ended) return;
      this.stopped = true;
      this.clearTick();
      this.events.onClose?.({ code: event.code, reason: event.reason });
    };
    this.tickTimer = setInterval(() => this.tick(), this.tickMs);
  }

  stop(): void {
    this.stopped = true;
    this.clearTick();
    const socket = this.socket;
    this.socket = null;
    if (socket !== null) {
      socket.onopen = null;
      socket.onmessage = null;
      socket.onclose = null;
      if (
        socket.readyState === WebSocket.OPEN ||
        socket.readyState === WebSocket.CONNECTING
      )
        socket.close(1000);
    }
    this.tearDownMedia();
  }

  private onControl(text: string): void {
    let message: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== "object" || parsed === null) return;
      message = parsed as Record<string, unknown>;
    } catch {
      return;
    }
    switch (message.type) {
      case "init":
      case "reset":
        // A reset means the publisher restarted: a new init segment follows.
        this.setUpMedia(
          typeof message.mimeType === "string"
            ? message.mimeType
            : this.mimeType,
        );
        this.emitStatus(message.status);
        break;
      case "status":
        // After "ended" the socket closes: that close is not a lost connection.
        if (message.status === "ended") this.ended = true;
        this.emitStatus(message.status);
        break;
      case "viewers":
        if (typeof message.count === "number")
          this.events.onViewers?.(message.count);
        break;
      case "keyframe":
        if (typeof message.timeMs === "number")
          this.keyframeTimes.push(message.timeMs / 1000);
        if (this.keyframeTimes.length > 64) this.keyframeTimes.shift();
        break;
      case "skip":
        // The relay moved us to the next keyframe Cluster; tick() crosses the gap.
        break;
      case "ended":
        this.ended = true;
        this.finishMedia();
        this.events.onEnded?.(
          typeof message.reason === "string" ? message.reason : null,
          typeof message.reelId === "string" ? message.reelId : null,
        );
        break;
      case "banned":
        // The close that follows (4003) is not a lost connection: nothing to reconnect.
        this.stopped = true;
        this.clearTick();
        this.events.onBanned?.(
          typeof message.until === "string" ? message.until : null,
        );
        break;
      case "error":
        this.events.onError?.(
          "server",
          typeof message.message === "string"
            ? message.message
            : "Playback error",
        );
        break;
      default:
        break;
    }
  }

  private emitStatus(status: unknown): void {
    if (
      typeof status === "string" &&
      (statuses as readonly string[]).includes(status)
    ) {
      this.status = status as StreamStatus;
      this.events.onStatus?.(status as StreamStatus);
    }
  }

  private onMedia(data: ArrayBuffer): void {
    if (this.mediaSource === null) this.setUpMedia(this.mimeType);
    this.pending.push(data);
    this.pump();
  }

  private setUpMedia(mimeType: string): void {
    this.tearDownMedia();
    this.mimeType = mimeType;
    const Source = mediaSourceClass();
    if (Source === undefined) {
      this.events.onError?.(
        "unsupported",
        "This browser has no Media Source Extensions.",
      );
      return;
    }
    if (!Source.isTypeSupported(mimeType)) {
      this.events.onError?.("format", `This device cannot play ${mimeType}.`);
      return;
    }
    const mediaSource = new Source();
    // Apple plays a ManagedMediaSource only with AirPlay off (or an AirPlay-able alternative).
    if (Source !== globalThis.MediaSource)
      this.video.disableRemotePlayback = true;
    this.mediaSource = mediaSource;
    mediaSource.addEventListener(
      "sourceopen",
      () => {
        if (this.mediaSource !== mediaSource || this.stopped) return;
        try {
          const buffer = mediaSource.addSourceBuffer(mimeType);
          buffer.mode = "segments";
          buffer.addEventListener("updateend", () => this.onUpdateEnd(buffer));
          this.sourceBuffer = buffer;
        } catch (error) {
          this.events.onError?.(
            "unsupported",
            `Could not create a media buffer: ${String(error)}`,
          );
          return;
        }
        this.pump();
      },
      { once: true },
    );
    this.objectUrl = URL.createObjectURL(mediaSource);
    this.video.src = this.objectUrl;
  }

  private tearDownMedia(): void {
    this.pending = [];
    this.firstAppendDone = false;
    this.keyframeTimes = [];
    this.sourceBuffer = null;
    this.mediaSource = null;
    if (this.objectUrl !== null) {
      URL.revokeObjectURL(this.objectUrl);
      this.objectUrl = null;
      this.video.removeAttribute("src");
      this.video.load();
    }
  }

  private finishMedia(): void {
    const source = this.mediaSource;
    if (
      source === null ||
      source.readyState !== "open" ||
      this.sourceBuffer?.updating
    )
      return;
    try {
      source.endOfStream();
    } catch {
      // already ended
    }
  }

  /** Starts the next append or trim when the buffer is idle. */
  private pump(): void {
    const buffer = this.sourceBuffer;
    if (
      buffer === null ||
      buffer.updating ||
      this.mediaSource?.readyState !== "open"
    )
      return;
    if (this.pending.length > 0) {
      const chunk = concat(this.pending);
      this.pending = [];
      try {
        buffer.appendBuffer(chunk);
      } catch (error) {
        this.onAppendFailed(buffer, chunk, error);
      }
      return;
    }
    const trim = decideTrim(this.video.currentTime, ranges(buffer));
    if (trim !== null) buffer.remove(trim[0], trim[1]);
  }

  private onAppendFailed(
    buffer: SourceBuffer,
    chunk: ArrayBuffer,
    error: unknown,
  ): void {
    if (error instanceof DOMException && error.name === "QuotaExceededError") {
      // Full: drop everything but the last few seconds behind the playhead, then retry.
      this.pending.unshift(chunk);
      const start = buffer.buffered.length > 0 ? buffer.buffered.start(0) : 0;
      const end = this.video.currentTime - 2;
      if (end > start) buffer.remove(start, end);
      return;
    }
    this.events.onError?.(
      "media",
      `Playback failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }

  private onUpdateEnd(buffer: SourceBuffer): void {
    if (buffer !== this.sourceBuffer || this.stopped) return;
    if (!this.firstAppendDone && buffer.buffered.length > 0) {
      this.firstAppendDone = true;
      this.video.currentTime = buffer.buffered.start(0);
      playWithAutoplayFallback(this.video, this.events.onAutoplayBlocked);
      this.events.onPlaying?.();
    }
    if (this.ended && this.pending.length === 0) this.finishMedia();
    this.pump();
  }

  private tick(): void {
    this.noticeStall();
    if (this.stalled()) return;
    const buffer = this.sourceBuffer;
    if (buffer === null || !this.firstAppendDone) return;
    const now = Date.now();
    if (!this.video.seeking) this.seekingSince = null;
    else if (this.seekingSince === null) this.seekingSince = now;
    const decision = decideCatchUp({
      currentTime: this.video.currentTime,
      playbackRate: this.video.playbackRate,
      seeking: this.video.seeking,
      seekingForMs: this.seekingSince === null ? 0 : now - this.seekingSince,
      ranges: ranges(buffer),
      keyframeTimes: this.keyframeTimes,
    });
    if (decision.playbackRate !== this.video.playbackRate)
      this.video.playbackRate = decision.playbackRate;
    if (decision.seekTo !== null) {
      this.video.currentTime = decision.seekTo;
      this.seekingSince = null;
    }
    this.pump();
  }

  /** Tells the viewer early that a live stream's media stopped coming. */
  private noticeStall(): void {
    if (
      this.stallNoticed ||
      this.status !== "live" ||
      Date.now() - this.lastMessageAt < this.stallNoticeMs
    )
      return;
    this.stallNoticed = true;
    this.events.onStalled?.(true);
  }

  /** Gives up a live connection that has gone silent; true if it did. */
  private stalled(): boolean {
    if (
      this.status !== "live" ||
      Date.now() - this.lastMessageAt < this.stallTimeoutMs
    )
      return false;
    const socket = this.socket;
    this.socket = null;
    this.stopped = true;
    this.clearTick();
    if (socket !== null) {
      socket.onopen = null;
      socket.onmessage = null;
      socket.onclose = null;
      if (
        socket.readyState === WebSocket.OPEN ||
        socket.readyState === WebSocket.CONNECTING
      )
        socket.close(4000, "stalled");
    }
    // The media stays (a frozen picture) until the caller stops this player.
    this.events.onClose?.({ reason: "stalled" });
    return true;
  }

  private clearTick(): void {
    if (this.tickTimer !== null) clearInterval(this.tickTimer);
    this.tickTimer = null;
  }
}

/**
 * The Media Source API of this browser: Apple's ManagedMediaSource where it exists (an iPhone has
 * nothing else; Safari prefers it), else MediaSource; undefined when there is neither.
 */
export function mediaSourceClass(): typeof MediaSource | undefined {
  const scope = globalThis as {
    ManagedMediaSource?: typeof MediaSource;
    MediaSource?: typeof MediaSource;
  };
  return scope.ManagedMediaSource ?? scope.MediaSource;
}

function ranges(buffer: SourceBuffer): Range[] {
  const result: Range[] = [];
  const buffered = buffer.buffered;
  for (let i = 0; i < buffered.length; i += 1)
    result.push([buffered.start(i), buffered.end(i)]);
  return result;
}

function concat(chunks: ArrayBuffer[]): ArrayBuffer {
  if (chunks.length === 1) return chunks[0]!;
  const total = chunks.reduce((sum, c) => sum + c.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(new Uint8Array(chunk), offset);
    offset += chunk.byteLength;
  }
  return out.buffer;
}
