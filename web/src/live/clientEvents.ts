import {
  logClientEvent,
  type ClientEvent,
  type ClientEventKind,
} from "../api/client";

/** A page reports one event of a kind at most this often: a flapping link is one report. */
export const clientEventIntervalMs = 10_000;

/** Reports a live page's connection problems to `POST /api/client-events`, throttled per kind. */
export class ClientEventLimiter {
  private readonly lastSent = new Map<ClientEventKind, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Sends `event` unless one of its kind went less than {@link clientEventIntervalMs} ago. */
  readonly report = (event: ClientEvent): void => {
    const at = this.now();
    const last = this.lastSent.get(event.kind);
    if (last !== undefined && at - last < clientEventIntervalMs) return;
    this.lastSent.set(event.kind, at);
    logClientEvent(event);
  };
}

/** Where a live page sends its client events; visitors (no account) send none. */
export type ReportClientEvent = (event: ClientEvent) => void;

export const reportNothing: ReportClientEvent = () => undefined;
