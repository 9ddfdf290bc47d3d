import type { ServerEvent } from "../api/client";
import { Backoff } from "../lib/backoff";
import { sameOriginWebSocketUrl } from "../lib/wsUrl";

export type EventSocketState = "idle" | "connecting" | "open" | "reconnecting";
export type ServerEventListener = (event: ServerEvent) => void;

/**
 * The tab's one `/ws` connection (cookie-authenticated). Reconnects with backoff and, after each
 * reconnect, subscribes again to every stream someone still watches.
 */
export class EventSocket {
  private socket: WebSocket | null = null;
  private stateValue: EventSocketState = "idle";
  private stopped = true;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly backoff = new Backoff({ initialMs: 1000, maxMs: 30_000 });
  private readonly listeners = new Set<ServerEventListener>();
  private readonly stateListeners = new Set<() => void>();
  private readonly watched = new Map<string, number>();
  private liveWatchers = 0;

  get state(): EventSocketState {
    return this.stateValue;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const socket = this.socket;
    this.socket = null;
    if (socket !== null) {
      socket.onclose = null;
      socket.onmessage = null;
      socket.onopen = null;
      socket.close(1000, "bye");
    }
    this.setState("idle");
  }

  /** Reconnects at once if waiting for a retry (e.g. the browser came back online). */
  retryNow(): void {
    if (this.stopped || this.retryTimer === null) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.connect();
  }

  addListener(listener: ServerEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onStateChange(listener: () => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Asks for `stream` events about one stream; the returned function stops asking. */
  watchStream(streamId: string): () => void {
    const count = this.watched.get(streamId) ?? 0;
    this.watched.set(streamId, count + 1);
    if (count === 0) this.send({ type: "subscribe", streamId });
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const remaining = (this.watched.get(streamId) ?? 1) - 1;
      if (remaining > 0) {
        this.watched.set(streamId, remaining);
        return;
      }
      this.watched.delete(streamId);
      this.send({ type: "unsubscribe", streamId });
    };
  }

  /**
   * Asks for `stream` events about every stream that goes live, changes or ends (the live
   * lists); the returned function stops asking once no list needs them.
   */
  watchLive(): () => void {
    this.liveWatchers += 1;
    if (this.liveWatchers === 1)
      this.send({ type: "subscribe", topic: "live" });
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.liveWatchers -= 1;
      if (this.liveWatchers === 0)
        this.send({ type: "unsubscribe", topic: "live" });
    };
  }

  private connect(): void {
    this.retryTimer = null;
    this.setState(this.backoff.attempts === 0 ? "connecting" : "reconnecting");
    const socket = new WebSocket(sameOriginWebSocketUrl("/ws"));
    this.socket = socket;
    socket.onopen = () => {
      this.backoff.reset();
      this.setState("open");
      for (const streamId of this.watched.keys())
        this.send({ type: "subscribe", streamId });
      if (this.liveWatchers > 0)
        this.send({ type: "subscribe", topic: "live" });
    };
    socket.onmessage = (event: MessageEvent) => {
      if (typeof event.data !== "string") return;
      let message: unknown;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      if (
        typeof message !== "object" ||
        message === null ||
        typeof (message as { type?: unknown }).type !== "string"
      ) {
        return;
      }
      for (const listener of [...this.listeners])
        listener(message as ServerEvent);
    };
    socket.onclose = () => {
      if (this.socket !== socket || this.stopped) return;
      this.socket = null;
      this.setState("reconnecting");
      this.retryTimer = setTimeout(() => this.connect(), this.backoff.next());
    };
  }

  private send(message: unknown): void {
    if (this.socket !== null && this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify(message));
    }
  }

  private setState(state: EventSocketState): void {
    if (state === this.stateValue) return;
    this.stateValue = state;
    for (const listener of [...this.stateListeners]) listener();
  }
}
