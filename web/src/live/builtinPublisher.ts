import {
  logClientEvent,
  type MediaCredentials,
  type StreamStatus,
} from "../api/client";
import type { ReportClientEvent } from "./clientEvents";
import { Backoff } from "../lib/backoff";
import { sameOriginWebSocketUrl } from "../lib/wsUrl";
import type {
  PublishConnection,
  PublishEvents,
  PublishSession,
} from "./sessions";
import { UploadMeter } from "./uploadMeter";

/** Relay error codes after which reconnecting cannot help. */
const fatalErrorCodes = new Set([
  "unauthenticated",
  "forbidden",
  "not_stream_owner",
  "not_found",
  "stream_ended",
]);
/** 1008 (policy violation): the relay refused the token. */
const fatalCloseCodes = new Set([1008]);
const statuses: readonly StreamStatus[] = [
  "created",
  "live",
  "interrupted",
  "ended",
];

export const recorderOptions = {
  videoBitsPerSecond: 1_000_000,
  // Chromium's default is a keyframe every 100 frames; joiners should wait at most ~1 s.
  videoKeyFrameIntervalDuration: 1000,
} as const;
export const recorderTimesliceMs = 100;
/** How often the upload is measured and reported (PublishEvents.onHealth). */
export const healthIntervalMs = 1000;
/**
 * Media queued in the socket beyond this (~16 s at 1 Mbit/s) is too late to be worth sending:
 * the publisher drops it and starts again on a fresh connection, which viewers join at once.
 */
export const maxBacklogBytes = 2 * 1024 * 1024;

/**
 * What MediaRecorder should produce, best first. H.264 in fragmented MP4 plays on every browser
 * and phone (an iPhone decodes no VP8), so it comes first: with AAC (Safari) or Opus (Chromium,
 * which has no AAC encoder). Firefox records only WebM: VP8 or VP9 with Opus.
 */
export const recorderMimeTypes = [
  'video/mp4;codecs="avc1.42E01F,mp4a.40.2"',
  'video/mp4;codecs="avc1.42E01F,opus"',
  "video/webm;codecs=vp8,opus",
  "video/webm;codecs=vp9,opus",
  "video/webm",
] as const;

/** The first of recorderMimeTypes this browser can record (undefined: the browser's default). */
export function pickRecorderMimeType(): string | undefined {
  return recorderMimeTypes.find((type) => MediaRecorder.isTypeSupported(type));
}

export interface BuiltinPublisherOptions {
  streamId?: string;
  /** Asked before each reconnect after the first; false stops retrying (e.g. the stream ended). */
  shouldRetry?: () => Promise<boolean>;
  backoff?: Backoff;
  /** Where reconnects and errors are reported; by default straight to the server. */
  report?: ReportClientEvent;
  now?: () => number;
}

/**
 * Publishes a camera stream to the built-in relay: MediaRecorder chunks (fragmented MP4 or WebM,
 * see recorderMimeTypes; WebM every 100 ms, MP4 a fragment per keyframe) as binary WebSocket
 * messages. After a drop it reconnects with backoff and starts a NEW
 * MediaRecorder, because the relay needs a fresh init segment; the server resumes the stream
 * if that happens within its grace period.
 */
export class BuiltinPublisher implements PublishSession {
  readonly backend = "builtin" as const;
  private socket: WebSocket | null = null;
  private recorder: MediaRecorder | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private finished = false;
  private lastServerError: string | null = null;
  private readonly backoff: Backoff;
  private meter = new UploadMeter();
  private healthTimer: ReturnType<typeof setInterval> | null = null;
  private droppedBytes = 0;
  private droppedChunks = 0;

  constructor(
    private readonly credentials: MediaCredentials,
    private readonly media: MediaStream,
    private readonly events: PublishEvents,
    private readonly options: BuiltinPublisherOptions = {},
  ) {
    this.backoff =
      options.backoff ?? new Backoff({ initialMs: 500, maxMs: 5000 });
  }

  start(): void {
    this.connect();
  }

  setAudioEnabled(enabled: boolean): void {
    for (const track of this.media.getAudioTracks()) track.enabled = enabled;
  }

  setVideoEnabled(enabled: boolean): void {
    for (const track of this.media.getVideoTracks()) track.enabled = enabled;
  }

  reconnectNow(): void {
    if (this.stopped) return;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.finished = false;
    this.closeSocket();
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.stopRecorder();
    this.closeSocket();
    this.setConnection("stopped");
  }

  private connect(): void {
    this.lastServerError = null;
    this.setConnection(
      this.backoff.attempts === 0 ? "connecting" : "reconnecting",
    );
    const socket = new WebSocket(
      sameOriginWebSocketUrl(this.credentials.url, this.credentials.token),
    );
    socket.binaryType = "arraybuffer";
    this.socket = socket;
    socket.onopen = () => {
      this.backoff.reset();
      if (!this.startRecorder(socket)) return;
      this.setConnection("connected");
      this.watchHealth(socket);
    };
    socket.onmessage = (event: MessageEvent) => {
      if (typeof event.data === "string") this.onControl(event.data);
    };
    socket.onclose = (event: CloseEvent) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.stopHealth();
      this.stopRecorder();
      this.onLost(event.code, event.reason);
    };
  }

  private startRecorder(socket: WebSocket): boolean {
    const mimeType = pickRecorderMimeType();
    let recorder: MediaRecorder;
    try {
      recorder = new MediaRecorder(this.media, {
        ...recorderOptions,
        mimeType,
      } as MediaRecorderOptions);
    } catch (error) {
      this.fail(
        "recorder_unavailable",
        `This browser cannot record the camera: ${String(error)}`,
      );
      return false;
    }
    this.recorder = recorder;
    recorder.ondataavailable = (event: BlobEvent) => {
      if (this.recorder !== recorder || event.data.size === 0) return;
      if (socket.readyState !== WebSocket.OPEN) {
        this.drop(event.data.size);
      } else if (socket.bufferedAmount > maxBacklogBytes) {
        this.drop(event.data.size + socket.bufferedAmount);
        this.log(
          "publish_error",
          `upload backlog of ${socket.bufferedAmount} bytes dropped; reconnecting`,
        );
        this.reconnectNow();
      } else {
        socket.send(event.data);
        this.meter.queue(event.data.size);
      }
    };
    recorder.onerror = (event: Event) => {
      const message =
        (event as Event & { error?: DOMException }).error?.message ??
        "MediaRecorder failed";
      this.events.onError?.("recorder_error", message);
      this.log("publish_error", message);
    };
    recorder.start(recorderTimesliceMs);
    return true;
  }

  private stopRecorder(): void {
    const recorder = this.recorder;
    this.recorder = null;
    if (recorder === null) return;
    recorder.ondataavailable = null;
    recorder.onerror = null;
    if (recorder.state !== "inactive") recorder.stop();
  }

  private drop(bytes: number): void {
    this.droppedBytes += bytes;
    this.droppedChunks += 1;
  }

  /** Measures the upload of `socket` every second until it closes. */
  private watchHealth(socket: WebSocket): void {
    this.stopHealth();
    this.meter = new UploadMeter();
    const now = this.options.now ?? Date.now;
    this.meter.read(now(), socket.bufferedAmount);
    this.healthTimer = setInterval(() => {
      const reading = this.meter.read(now(), socket.bufferedAmount);
      this.events.onHealth?.({
        ...reading,
        droppedBytes: this.droppedBytes,
        droppedChunks: this.droppedChunks,
      });
    }, healthIntervalMs);
  }

  private stopHealth(): void {
    if (this.healthTimer !== null) clearInterval(this.healthTimer);
    this.healthTimer = null;
  }

  private closeSocket(): void {
    const socket = this.socket;
    this.socket = null;
    this.stopHealth();
    if (socket === null) return;
    socket.onopen = null;
    socket.onmessage = null;
    socket.onclose = null;
    this.stopRecorder();
    if (
      socket.readyState === WebSocket.OPEN ||
      socket.readyState === WebSocket.CONNECTING
    )
      socket.close(1000);
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
      case "status":
        if (
          typeof message.status === "string" &&
          (statuses as readonly string[]).includes(message.status)
        ) {
          this.events.onStatus?.(message.status as StreamStatus);
          if (message.status === "ended") this.finish("ended");
        }
        break;
      case "viewers":
        if (typeof message.count === "number")
          this.events.onViewers?.(message.count);
        break;
      case "error": {
        const code =
          typeof message.code === "string" ? message.code : "relay_error";
        const text =
          typeof message.message === "string"
            ? message.message
            : "The relay reported an error.";
        this.lastServerError = code;
        this.events.onError?.(code, text);
        this.log("publish_error", `${code}: ${text}`);
        break;
      }
      case "ended":
        this.finish(
          typeof message.reason === "string" ? message.reason : "ended",
        );
        break;
      default:
        break;
    }
  }

  /** The stream is over: no more media, no reconnects. */
  private finish(reason: string): void {
    if (this.finished) return;
    this.finished = true;
    this.stopHealth();
    this.stopRecorder();
    this.events.onEnded?.(reason);
  }

  private onLost(code: number, reason: string): void {
    if (this.stopped || this.finished) return;
    if (
      fatalCloseCodes.has(code) ||
      (this.lastServerError !== null &&
        fatalErrorCodes.has(this.lastServerError))
    ) {
      this.fail(
        this.lastServerError ?? "rejected",
        reason || "The relay refused this broadcast.",
      );
      return;
    }
    this.setConnection("reconnecting");
    const delay = this.backoff.next();
    this.log(
      "reconnect",
      `publisher socket closed (${code}); retrying in ${delay} ms`,
      { code, reason },
    );
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.retry();
    }, delay);
  }

  private async retry(): Promise<void> {
    if (this.stopped) return;
    if (this.backoff.attempts > 1 && this.options.shouldRetry !== undefined) {
      // If the answer cannot be had (offline?), keep trying.
      const keepGoing = await this.options.shouldRetry().catch(() => true);
      if (this.stopped) return;
      if (!keepGoing) {
        this.finish("ended");
        return;
      }
    }
    this.connect();
  }

  private fail(code: string, message: string): void {
    this.stopped = true;
    this.stopRecorder();
    this.closeSocket();
    this.events.onError?.(code, message);
    this.setConnection("failed", message);
  }

  private setConnection(state: PublishConnection, detail?: string): void {
    this.events.onConnection?.(state, detail);
  }

  private log(
    kind: "publish_error" | "reconnect",
    message: string,
    detail?: unknown,
  ): void {
    (this.options.report ?? logClientEvent)({
      streamId: this.options.streamId,
      kind,
      message,
      detail,
    });
  }
}
