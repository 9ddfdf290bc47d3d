/**
 * Small fakes of the browser media and socket APIs jsdom lacks. Each records what the code under
 * test did with it and has helpers (named for the remote side) that tests call to drive it.
 */

export class FakeWebSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  static instances: FakeWebSocket[] = [];

  readonly url: string;
  readyState = FakeWebSocket.CONNECTING;
  binaryType: "blob" | "arraybuffer" = "blob";
  bufferedAmount = 0;
  sent: unknown[] = [];
  closedByClient: { code?: number; reason?: string } | null = null;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;

  constructor(url: string | URL) {
    this.url = String(url);
    FakeWebSocket.instances.push(this);
  }

  static latest(): FakeWebSocket {
    const socket = FakeWebSocket.instances.at(-1);
    if (socket === undefined) throw new Error("no WebSocket was opened");
    return socket;
  }

  static reset(): void {
    FakeWebSocket.instances = [];
  }

  send(data: unknown): void {
    if (this.readyState !== FakeWebSocket.OPEN)
      throw new DOMException("not open", "InvalidStateError");
    this.sent.push(data);
  }

  close(code?: number, reason?: string): void {
    if (this.readyState === FakeWebSocket.CLOSED) return;
    this.closedByClient = { code, reason };
    this.readyState = FakeWebSocket.CLOSED;
    this.onclose?.(
      new CloseEvent("close", {
        code: code ?? 1000,
        reason: reason ?? "",
        wasClean: true,
      }),
    );
  }

  /** JSON text messages the client sent, parsed. */
  sentJson(): unknown[] {
    return this.sent
      .filter((m): m is string => typeof m === "string")
      .map((m) => JSON.parse(m) as unknown);
  }

  serverOpen(): void {
    this.readyState = FakeWebSocket.OPEN;
    this.onopen?.(new Event("open"));
  }

  serverJson(message: unknown): void {
    this.onmessage?.(
      new MessageEvent("message", { data: JSON.stringify(message) }),
    );
  }

  serverBinary(data: ArrayBuffer): void {
    this.onmessage?.(new MessageEvent("message", { data }));
  }

  serverClose(code = 1006, reason = ""): void {
    if (this.readyState === FakeWebSocket.CLOSED) return;
    this.readyState = FakeWebSocket.CLOSED;
    this.onclose?.(
      new CloseEvent("close", { code, reason, wasClean: code === 1000 }),
    );
  }
}

export class FakeMediaStreamTrack {
  private static nextId = 1;
  readonly id = `track-${FakeMediaStreamTrack.nextId++}`;
  readonly kind: "audio" | "video";
  readonly label: string;
  enabled = true;
  readyState: "live" | "ended" = "live";
  private readonly settings: { deviceId?: string };

  constructor(kind: "audio" | "video", deviceId = `${kind}-default`) {
    this.kind = kind;
    this.label = `${kind} ${deviceId}`;
    this.settings = { deviceId };
  }

  stop(): void {
    this.readyState = "ended";
  }

  getSettings(): { deviceId?: string } {
    return this.settings;
  }
}

export class FakeMediaStream {
  readonly id = `stream-${Math.random().toString(36).slice(2)}`;
  private readonly tracks: FakeMediaStreamTrack[];

  constructor(tracks: FakeMediaStreamTrack[] = []) {
    this.tracks = [...tracks];
  }

  static withCameraAndMic(
    videoDevice = "video-default",
    audioDevice = "audio-default",
  ): FakeMediaStream {
    return new FakeMediaStream([
      new FakeMediaStreamTrack("video", videoDevice),
      new FakeMediaStreamTrack("audio", audioDevice),
    ]);
  }

  getTracks(): FakeMediaStreamTrack[] {
    return [...this.tracks];
  }

  getAudioTracks(): FakeMediaStreamTrack[] {
    return this.tracks.filter((t) => t.kind === "audio");
  }

  getVideoTracks(): FakeMediaStreamTrack[] {
    return this.tracks.filter((t) => t.kind === "video");
  }
}

export class FakeMediaRecorder {
  static instances: FakeMediaRecorder[] = [];
  static supported = new Set([
    "video/webm;codecs=vp8,opus",
    "video/webm;codecs=vp9,opus",
    "video/webm",
  ]);

  readonly stream: unknown;
  readonly options: Record<string, unknown>;
  state: "inactive" | "recording" | "paused" = "inactive";
  timeslice: number | undefined;
  ondataavailable: ((event: { data: Blob }) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  onstop: (() => void) | null = null;

  constructor(stream: unknown, options: Record<string, unknown> = {}) {
    this.stream = stream;
    this.options = options;
    FakeMediaRecorder.instances.push(this);
  }

  static isTypeSupported(type: string): boolean {
    return FakeMediaRecorder.supported.has(type);
  }

  static latestOrThrow(): FakeMediaRecorder {
    const recorder = FakeMediaRecorder.instances.at(-1);
    if (recorder === undefined) throw new Error("no MediaRecorder was created");
    return recorder;
  }

  static reset(): void {
    FakeMediaRecorder.instances = [];
    FakeMediaRecorder.supported = new Set([
      "video/webm;codecs=vp8,opus",
      "video/webm;codecs=vp9,opus",
      "video/webm",
    ]);
  }

  start(timeslice?: number): void {
    this.state = "recording";
    this.timeslice = timeslice;
  }

  stop(): void {
    if (this.state === "inactive") return;
    this.state = "inactive";
    this.onstop?.();
  }

  /** What the browser does every timeslice. */
  emitData(data: Blob): void {
    this.ondataavailable?.({ data });
  }
}

class FakeTimeRanges {
  constructor(private readonly ranges: Array<[number, number]>) {}
  get length(): number {
    return this.ranges.length;
  }
  start(i: number): number {
    const range = this.ranges[i];
    if (range === undefined) throw new DOMException("index", "IndexSizeError");
    return range[0];
  }
  end(i: number): number {
    const range = this.ranges[i];
    if (range === undefined) throw new DOMException("index", "IndexSizeError");
    return range[1];
  }
}

export class FakeSourceBuffer extends EventTarget {
  readonly mimeType: string;
  mode: "segments" | "sequence" = "segments";
  updating = false;
  appended: ArrayBuffer[] = [];
  removed: Array<[number, number]> = [];
  ranges: Array<[number, number]> = [];
  /** When set, the next appendBuffer throws this DOMException name once. */
  failNextAppendWith: string | null = null;

  constructor(mimeType: string) {
    super();
    this.mimeType = mimeType;
  }

  get buffered(): FakeTimeRanges {
    return new FakeTimeRanges(this.ranges);
  }

  appendBuffer(data: ArrayBuffer): void {
    if (this.updating) throw new DOMException("updating", "InvalidStateError");
    if (this.failNextAppendWith !== null) {
      const name = this.failNextAppendWith;
      this.failNextAppendWith = null;
      throw new DOMException(name, name);
    }
    this.updating = true;
    this.appended.push(data);
  }

  remove(start: number, end: number): void {
    if (this.updating) throw new DOMException("updating", "InvalidStateError");
    this.updating = true;
    this.removed.push([start, end]);
  }

  abort(): void {
    this.updating = false;
  }

  /** Completes the pending append or remove, optionally with new buffered ranges. */
  finish(ranges?: Array<[number, number]>): void {
    if (ranges !== undefined) this.ranges = ranges;
    this.updating = false;
    this.dispatchEvent(new Event("updateend"));
  }
}

export class FakeMediaSource extends EventTarget {
  static instances: FakeMediaSource[] = [];
  readyState: "closed" | "open" | "ended" = "closed";
  sourceBuffers: FakeSourceBuffer[] = [];
  ended = false;

  constructor() {
    super();
    FakeMediaSource.instances.push(this);
  }

  static isTypeSupported(): boolean {
    return true;
  }

  static latest(): FakeMediaSource {
    const source = FakeMediaSource.instances.at(-1);
    if (source === undefined) throw new Error("no MediaSource was created");
    return source;
  }

  static reset(): void {
    FakeMediaSource.instances = [];
  }

  addSourceBuffer(mimeType: string): FakeSourceBuffer {
    if (this.readyState !== "open")
      throw new DOMException("not open", "InvalidStateError");
    const buffer = new FakeSourceBuffer(mimeType);
    this.sourceBuffers.push(buffer);
    return buffer;
  }

  endOfStream(): void {
    this.readyState = "ended";
    this.ended = true;
  }

  /** What the browser does once the media element has loaded the object URL. */
  open(): void {
    this.readyState = "open";
    this.dispatchEvent(new Event("sourceopen"));
  }
}

export interface FakeUpload {
  onprogress:
    | ((event: {
        loaded: number;
        total: number;
        lengthComputable: boolean;
      }) => void)
    | null;
}

export class FakeXMLHttpRequest {
  static instances: FakeXMLHttpRequest[] = [];
  method = "";
  url = "";
  headers: Record<string, string> = {};
  body: unknown;
  withCredentials = false;
  status = 0;
  responseText = "";
  aborted = false;
  upload: FakeUpload = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;

  constructor() {
    FakeXMLHttpRequest.instances.push(this);
  }

  static latest(): FakeXMLHttpRequest {
    const xhr = FakeXMLHttpRequest.instances.at(-1);
    if (xhr === undefined) throw new Error("no XMLHttpRequest was made");
    return xhr;
  }

  open(method: string, url: string): void {
    this.method = method;
    this.url = url;
  }

  setRequestHeader(name: string, value: string): void {
    this.headers[name] = value;
  }

  send(body: unknown): void {
    this.body = body;
  }

  abort(): void {
    this.aborted = true;
    this.onabort?.();
  }

  serverProgress(loaded: number, total: number): void {
    this.upload.onprogress?.({ loaded, total, lengthComputable: true });
  }

  serverRespond(status: number, body: unknown): void {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.onload?.();
  }

  serverNetworkError(): void {
    this.onerror?.();
  }
}
