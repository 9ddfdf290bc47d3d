import { vi } from "vitest";
import type { LiveStream, Reel, ScheduledLive, User } from "../api/client";

/** One canned answer: a status and a JSON body (undefined for an empty body), or a network failure. */
/** `after`: the reply waits for this promise (to hold a request in flight). */
export type MockReply =
  | { status: number; body?: unknown; after?: Promise<unknown> }
  | "network_error";

export interface RecordedCall {
  method: string;
  path: string;
  url: string;
  body: unknown;
  init: RequestInit | undefined;
}

/**
 * Stubs `globalThis.fetch` with a route table: `"METHOD /path"` (query string ignored unless
 * the key has one) → replies used in order, the last one repeating. Unknown routes answer 404.
 */
export class ApiMock {
  readonly calls: RecordedCall[] = [];
  private readonly routes = new Map<string, MockReply[]>();

  constructor() {
    vi.stubGlobal(
      "fetch",
      vi.fn((input: RequestInfo | URL, init?: RequestInit) =>
        this.handle(input, init),
      ),
    );
  }

  on(route: string, ...replies: MockReply[]): this {
    this.routes.set(route, replies);
    return this;
  }

  /** Calls to `"METHOD /path"` (query string ignored). */
  callsTo(route: string): RecordedCall[] {
    const [method, path] = route.split(" ");
    return this.calls.filter((c) => c.method === method && c.path === path);
  }

  private async handle(
    input: RequestInfo | URL,
    init?: RequestInit,
  ): Promise<Response> {
    const url = String(input);
    const method = init?.method ?? "GET";
    const path = url.split("?")[0] ?? url;
    const body =
      typeof init?.body === "string"
        ? (JSON.parse(init.body) as unknown)
        : init?.body;
    this.calls.push({ method, path, url, body, init });
    const replies =
      this.routes.get(`${method} ${url}`) ??
      this.routes.get(`${method} ${path}`);
    if (replies === undefined || replies.length === 0) {
      return json(404, {
        error: { code: "not_found", message: `no mock for ${method} ${url}` },
      });
    }
    const reply = replies.length > 1 ? replies.shift()! : replies[0]!;
    if (reply === "network_error") throw new TypeError("Failed to fetch");
    if (reply.after !== undefined) await reply.after;
    if (reply.body === undefined)
      return new Response(null, { status: reply.status });
    return json(reply.status, reply.body);
  }
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json" },
  });
}

export function apiError(
  status: number,
  code: string,
  details?: Record<string, unknown>,
): MockReply {
  return {
    status,
    body: { error: { code, message: `server says ${code}`, details } },
  };
}

export function makeUser(overrides: Partial<User> = {}): User {
  return {
    id: "u1",
    handle: "alice",
    displayName: "Alice",
    createdAt: "2026-11-24T10:00:00.000Z",
    isAdmin: false,
    ...overrides,
  };
}

export function makeStream(overrides: Partial<LiveStream> = {}): LiveStream {
  return {
    id: "s1",
    author: makeUser({ id: "u2", handle: "bob", displayName: "Bob" }),
    title: "Morning run",
    description: "",
    status: "live",
    sensitivity: "none",
    gating: "public",
    priceCredits: null,
    viewerCount: 3,
    peakViewers: 5,
    createdAt: "2026-11-24T10:00:00.000Z",
    startedAt: "2026-11-24T10:00:05.000Z",
    endedAt: null,
    endReason: null,
    recording: "recording",
    reelId: null,
    ...overrides,
  };
}

export function makeReel(overrides: Partial<Reel> = {}): Reel {
  return {
    id: "r1",
    author: makeUser({ id: "u2", handle: "bob", displayName: "Bob" }),
    title: "A reel",
    description: "Reel description",
    durationMs: 12_000,
    videoUrl: "/media/reels/r1",
    thumbnailUrl: "/media/reels/r1/thumbnail",
    createdAt: "2026-11-24T10:00:00.000Z",
    sourceStreamId: null,
    sensitivity: "none",
    gating: "public",
    priceCredits: null,
    ...overrides,
  };
}

/** Bob's public live, 20 minutes from now (times are real: the countdown reads the clock). */
export function makeScheduled(
  overrides: Partial<ScheduledLive> = {},
): ScheduledLive {
  return {
    id: "sch1",
    author: makeUser({ id: "u2", handle: "bob", displayName: "Bob" }),
    title: "Q&A on Sunday",
    description: "Bring questions.",
    startsAt: new Date(Date.now() + 20 * 60_000).toISOString(),
    sensitivity: "none",
    gating: "public",
    priceCredits: 0,
    status: "upcoming",
    streamId: null,
    remindersCount: 0,
    isReminded: false,
    ...overrides,
  };
}

/** The answers every screen's providers ask for on start: a signed-in user, no notifications. */
export function mockSignedIn(api: ApiMock, user: User = makeUser()): ApiMock {
  return api
    .on("GET /api/me", { status: 200, body: { user } })
    .on("GET /api/notifications", {
      status: 200,
      body: { items: [], unreadCount: 0, nextCursor: null },
    });
}
