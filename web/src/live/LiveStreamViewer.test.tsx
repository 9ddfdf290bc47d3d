import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { User } from "../api/client";
import {
  ApiMock,
  apiError,
  makeStream,
  makeUser,
  mockSignedIn,
  type MockReply,
} from "../test/apiMock";
import { FakeMediaSource, FakeWebSocket } from "../test/fakes";
import { renderWithApp } from "../test/render";
import { LiveStreamViewer } from "./LiveStreamViewer";

const roomConnect = vi.fn((_url: string, _token: string) => Promise.resolve());
vi.mock("livekit-client", () => ({
  Room: class {
    remoteParticipants = new Map();
    connect = roomConnect;
    disconnect = vi.fn(() => Promise.resolve());
    on() {
      return this;
    }
    removeAllListeners() {
      return this;
    }
  },
  RoomEvent: {},
  Track: { Kind: { Audio: "audio", Video: "video" }, Source: {} },
}));

const stream = makeStream({ id: "s1", title: "Morning run" });
const chatLine = {
  id: "1",
  streamId: "s1",
  author: makeUser({ id: "u3", handle: "carol", displayName: "Carol" }),
  text: "great run!",
  createdAt: "2026-11-24T10:00:10.000Z",
};

function joined(
  token = "watch-1",
  overrides: Partial<typeof stream> = {},
): MockReply {
  return {
    status: 200,
    body: {
      stream: { ...stream, ...overrides },
      watch: {
        backend: "builtin",
        url: "ws://127.0.0.1:8080/live/s1/watch",
        token,
      },
      watchId: `session-${token}`,
    },
  };
}

function setup(...joinReplies: MockReply[]) {
  return setupAs(makeUser(), ...joinReplies);
}

function setupAs(user: User, ...joinReplies: MockReply[]) {
  const api = mockSignedIn(new ApiMock(), user)
    .on("POST /api/live-streams/s1/join", ...joinReplies)
    .on("POST /api/live-streams/s1/leave", { status: 204 })
    .on("GET /api/live-streams/s1", { status: 200, body: { stream } })
    .on("GET /api/live-streams/s1/chat", {
      status: 200,
      body: { items: [chatLine] },
    })
    .on("POST /api/client-events", { status: 204 });
  const view = renderWithApp(<LiveStreamViewer />, {
    route: "/live/s1",
    path: "/live/:id",
  });
  return { api, view };
}

function watchSockets(): FakeWebSocket[] {
  return FakeWebSocket.instances.filter((s) =>
    s.url.includes("/live/s1/watch"),
  );
}

async function watchSocket(index = 0): Promise<FakeWebSocket> {
  await waitFor(() => expect(watchSockets().length).toBeGreaterThan(index));
  return watchSockets()[index]!;
}

describe("LiveStreamViewer", () => {
  it("joins, connects to the watch path on its own origin and plays the relay through MSE", async () => {
    const { api } = setup(joined());
    const socket = await watchSocket();
    expect(socket.url).toBe(
      `ws://${window.location.host}/live/s1/watch?token=watch-1`,
    );
    expect(socket.binaryType).toBe("arraybuffer");
    expect(api.callsTo("POST /api/live-streams/s1/join")[0]?.body).toEqual({});
    expect(
      screen.getByRole("heading", { name: "Morning run" }),
    ).toBeInTheDocument();

    act(() => {
      socket.serverOpen();
      socket.serverJson({
        type: "init",
        mimeType: 'video/webm; codecs="vp8,opus"',
        status: "live",
      });
    });
    await waitFor(() =>
      expect(FakeMediaSource.latest().sourceBuffers).toHaveLength(1),
    );
    act(() => socket.serverBinary(new Uint8Array([1, 2, 3]).buffer));
    const buffer = FakeMediaSource.latest().sourceBuffers[0]!;
    expect(buffer.appended).toHaveLength(1);
    act(() => buffer.finish([[4, 5]]));
    act(() => socket.serverJson({ type: "viewers", count: 42 }));
    expect(screen.getByText("Live")).toBeInTheDocument();
    expect(screen.getByLabelText("42 viewers")).toBeInTheDocument();
    expect(
      (screen.getByLabelText("Live video") as HTMLVideoElement).currentTime,
    ).toBe(4);
  });

  it("shows the waiting and interrupted states", async () => {
    setup(joined("t", { status: "created" }));
    const socket = await watchSocket();
    expect(
      screen.getByText("Waiting for the broadcaster to start…"),
    ).toBeInTheDocument();
    act(() =>
      socket.serverJson({
        type: "init",
        mimeType: "video/webm",
        status: "created",
      }),
    );
    act(() => socket.serverJson({ type: "status", status: "interrupted" }));
    expect(screen.getByText(/lost their connection/)).toBeInTheDocument();
    act(() => socket.serverJson({ type: "status", status: "live" }));
    expect(screen.getByText("Live")).toBeInTheDocument();
  });

  it("shows the sensitive interstitial, then joins with acknowledgeSensitive", async () => {
    const { api } = setup(
      apiError(403, "sensitive_content_not_acknowledged"),
      joined(),
    );
    expect(
      await screen.findByRole("heading", { name: "Sensitive content" }),
    ).toBeInTheDocument();
    expect(watchSockets()).toHaveLength(0);
    await userEvent.click(screen.getByRole("button", { name: "Watch anyway" }));
    await watchSocket();
    expect(
      api.callsTo("POST /api/live-streams/s1/join").map((c) => c.body),
    ).toEqual([{}, { acknowledgeSensitive: true }]);
  });

  it("asks to follow for a followers-only stream, follows, then joins again", async () => {
    const { api } = setup(apiError(403, "followers_only"), joined());
    api.on("POST /api/users/bob/follow", { status: 204 });
    await userEvent.click(
      await screen.findByRole("button", { name: "Follow @bob to watch" }),
    );
    await watchSocket();
    expect(api.callsTo("POST /api/users/bob/follow")).toHaveLength(1);
    expect(api.callsTo("POST /api/live-streams/s1/join")).toHaveLength(2);
  });

  it("runs the paywall: balance, top-up, purchase retried with the same key, then joins", async () => {
    const user = userEvent.setup();
    const uuid = vi.spyOn(crypto, "randomUUID");
    const { api } = setup(
      apiError(402, "payment_required", { priceCredits: 50 }),
      joined(),
    );
    api
      .on("GET /api/me/wallet", { status: 200, body: { balanceCredits: 20 } })
      .on("POST /api/me/wallet/top-up", {
        status: 201,
        body: { balanceCredits: 50 },
      })
      .on("POST /api/purchases", "network_error", {
        status: 201,
        body: {
          purchase: { id: "p1", itemType: "live_stream", itemId: "s1" },
          balanceCredits: 0,
        },
      });

    expect(
      await screen.findByRole("heading", { name: "Paid live stream" }),
    ).toBeInTheDocument();
    expect(screen.getByText(/costs/)).toHaveTextContent("50 credits");
    expect(await screen.findByText("20 credits")).toBeInTheDocument();
    expect(screen.getByText("You need 30 more credits.")).toBeInTheDocument();
    expect(
      screen.getByRole("button", { name: "Buy for 50 credits" }),
    ).toBeDisabled();

    expect(screen.getByLabelText("Credits to add")).toHaveValue(30);
    await user.click(screen.getByRole("button", { name: "Add credits" }));
    await waitFor(() =>
      expect(
        screen.getByRole("button", { name: "Buy for 50 credits" }),
      ).toBeEnabled(),
    );
    expect(api.callsTo("POST /api/me/wallet/top-up")[0]?.body).toEqual({
      credits: 30,
      idempotencyKey: expect.any(String),
    });

    await user.click(
      screen.getByRole("button", { name: "Buy for 50 credits" }),
    );
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Cannot reach onair",
    );
    await user.click(
      screen.getByRole("button", { name: "Buy for 50 credits" }),
    );
    await watchSocket();

    const purchases = api
      .callsTo("POST /api/purchases")
      .map((c) => c.body as Record<string, unknown>);
    expect(purchases).toHaveLength(2);
    expect(purchases[0]).toMatchObject({
      itemType: "live_stream",
      itemId: "s1",
    });
    expect(purchases[1]!.idempotencyKey).toBe(purchases[0]!.idempotencyKey);
    expect(purchases[0]!.idempotencyKey).not.toBe(
      (
        api.callsTo("POST /api/me/wallet/top-up")[0]?.body as Record<
          string,
          unknown
        >
      ).idempotencyKey,
    );
    expect(uuid).toHaveBeenCalledTimes(2); // one top-up attempt, one purchase attempt
    expect(api.callsTo("POST /api/live-streams/s1/join")).toHaveLength(2);
  });

  it("shows the end with a replay link when the stream had already ended", async () => {
    const { api } = setup(apiError(409, "stream_ended"));
    api.on("GET /api/live-streams/s1", {
      status: 200,
      body: { stream: { ...stream, status: "ended", reelId: "r5" } },
    });
    expect(
      await screen.findByRole("heading", {
        name: "This live stream has ended",
      }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole("link", { name: "Watch the replay" }),
    ).toHaveAttribute("href", "/reels/r5");
  });

  it("shows the end when the relay says so, with the reel link", async () => {
    setup(joined());
    const socket = await watchSocket();
    act(() => {
      socket.serverOpen();
      socket.serverJson({
        type: "ended",
        reason: "ended_by_owner",
        reelId: "r8",
      });
      socket.serverClose(1000);
    });
    expect(
      screen.getByRole("heading", { name: "This live stream has ended" }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole("link", { name: "Watch the replay" }),
    ).toHaveAttribute("href", "/reels/r8");
    expect(watchSockets()).toHaveLength(1); // no reconnect after the end
  });

  it("links the replay once /ws names the reel of a stream the relay ended without one", async () => {
    setup(joined());
    const socket = await watchSocket();
    const events = FakeWebSocket.instances.find((s) => s.url.endsWith("/ws"))!;
    act(() => {
      events.serverOpen();
      socket.serverOpen();
      socket.serverJson({
        type: "ended",
        reason: "ended_by_owner",
        reelId: null,
      });
      socket.serverClose(1000);
    });
    expect(
      screen.getByRole("heading", { name: "This live stream has ended" }),
    ).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Watch the replay" })).toBeNull();
    act(() =>
      events.serverJson({
        type: "stream",
        stream: {
          ...stream,
          status: "ended",
          recording: "saved",
          reelId: "r9",
        },
      }),
    );
    expect(
      screen.getByRole("link", { name: "Watch the replay" }),
    ).toHaveAttribute("href", "/reels/r9");
  });

  it("asks for the reel again when the end came without one and /ws stays silent", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { api } = setup(joined());
    api.on(
      "GET /api/live-streams/s1",
      {
        status: 200,
        body: {
          stream: { ...stream, status: "ended", recording: "recording" },
        },
      },
      {
        status: 200,
        body: {
          stream: {
            ...stream,
            status: "ended",
            recording: "saved",
            reelId: "r4",
          },
        },
      },
    );
    const socket = await watchSocket();
    act(() => {
      socket.serverOpen();
      socket.serverJson({
        type: "ended",
        reason: "ended_by_owner",
        reelId: null,
      });
      socket.serverClose(1000);
    });
    await act(() => vi.advanceTimersByTimeAsync(1600));
    expect(screen.queryByRole("link", { name: "Watch the replay" })).toBeNull();
    await act(() => vi.advanceTimersByTimeAsync(3100));
    expect(
      screen.getByRole("link", { name: "Watch the replay" }),
    ).toHaveAttribute("href", "/reels/r4");
    await act(() => vi.advanceTimersByTimeAsync(30_000));
    expect(api.callsTo("GET /api/live-streams/s1")).toHaveLength(2);
  });

  it("stops asking for a reel when the recording was discarded", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { api } = setup(joined());
    api.on("GET /api/live-streams/s1", {
      status: 200,
      body: { stream: { ...stream, status: "ended", recording: "discarded" } },
    });
    const socket = await watchSocket();
    act(() => {
      socket.serverOpen();
      socket.serverJson({
        type: "ended",
        reason: "ended_by_owner",
        reelId: null,
      });
      socket.serverClose(1000);
    });
    await act(() => vi.advanceTimersByTimeAsync(30_000));
    expect(api.callsTo("GET /api/live-streams/s1")).toHaveLength(1);
    expect(screen.queryByRole("link", { name: "Watch the replay" })).toBeNull();
  });

  it("does not reconnect after a status ended frame closes the socket", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { api } = setup(joined());
    const socket = await watchSocket();
    act(() => {
      socket.serverOpen();
      socket.serverJson({ type: "status", status: "ended" });
      socket.serverClose(1000);
    });
    await act(() => vi.advanceTimersByTimeAsync(20_000));
    expect(
      screen.getByRole("heading", { name: "This live stream has ended" }),
    ).toBeInTheDocument();
    expect(api.callsTo("POST /api/live-streams/s1/join")).toHaveLength(1);
  });

  it("reconnects with backoff after a drop: joins again for a fresh token, then reconnects", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { api } = setup(joined("first"), joined("second"));
    const first = await watchSocket(0);
    act(() => {
      first.serverOpen();
      first.serverJson({
        type: "init",
        mimeType: "video/webm",
        status: "live",
      });
      first.serverClose(1006);
    });
    expect(
      screen.getByText("Connection lost — reconnecting…"),
    ).toBeInTheDocument();
    await act(() => vi.advanceTimersByTimeAsync(1300));
    const second = await watchSocket(1);
    expect(second.url).toContain("token=second");
    // The reconnect continues the same watching session (honest watch time).
    expect(
      api.callsTo("POST /api/live-streams/s1/join").map((c) => c.body),
    ).toEqual([{}, { watchId: "session-first" }]);
    expect(api.callsTo("POST /api/client-events")[0]?.body).toMatchObject({
      streamId: "s1",
      kind: "reconnect",
    });
    act(() =>
      second.serverJson({
        type: "init",
        mimeType: "video/webm",
        status: "live",
      }),
    );
    expect(screen.getByText("Live")).toBeInTheDocument();
  });

  it("shows the loss at once when the browser goes offline and joins again as soon as it is back", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { api } = setup(joined("first"), joined("second"));
    const first = await watchSocket(0);
    act(() => {
      first.serverOpen();
      first.serverJson({
        type: "init",
        mimeType: "video/webm",
        status: "live",
      });
    });
    expect(screen.getByText("Live")).toBeInTheDocument();

    // An emulated or real network drop: the socket may stay open, but nothing arrives.
    act(() => {
      window.dispatchEvent(new Event("offline"));
    });
    expect(
      screen.getByText("Connection lost — reconnecting…"),
    ).toBeInTheDocument();
    expect(first.closedByClient).not.toBeNull();
    await act(() => vi.advanceTimersByTimeAsync(300));
    expect(api.callsTo("POST /api/live-streams/s1/join")).toHaveLength(1);

    act(() => {
      window.dispatchEvent(new Event("online"));
    });
    const second = await watchSocket(1); // at once, not after the backoff
    expect(second.url).toContain("token=second");
    expect(api.callsTo("POST /api/live-streams/s1/join")).toHaveLength(2);
    act(() => {
      second.serverOpen();
      second.serverJson({
        type: "init",
        mimeType: "video/webm",
        status: "live",
      });
    });
    expect(screen.getByText("Live")).toBeInTheDocument();
  });

  it("keeps retrying while the server is unreachable and stops on a gate", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { api } = setup(
      joined(),
      "network_error",
      apiError(409, "stream_ended"),
    );
    const first = await watchSocket(0);
    act(() => first.serverClose(1006));
    await act(() => vi.advanceTimersByTimeAsync(1300)); // join #2: network error → wait ~2 s
    expect(
      screen.getByText("Connection lost — reconnecting…"),
    ).toBeInTheDocument();
    await act(() => vi.advanceTimersByTimeAsync(2500)); // join #3: ended
    expect(
      screen.getByRole("heading", { name: "This live stream has ended" }),
    ).toBeInTheDocument();
    expect(api.callsTo("POST /api/live-streams/s1/join")).toHaveLength(3);
  });

  it("leaves the stream on unmount and on pagehide", async () => {
    const { api, view } = setup(joined());
    await watchSocket();
    window.dispatchEvent(new Event("pagehide"));
    expect(api.callsTo("POST /api/live-streams/s1/leave")).toHaveLength(1);
    expect(
      api.callsTo("POST /api/live-streams/s1/leave")[0]?.init?.keepalive,
    ).toBe(true);
    view.unmount();
    expect(api.callsTo("POST /api/live-streams/s1/leave")).toHaveLength(1); // already left

    const again = setup(joined());
    await watchSocket(1);
    again.view.unmount();
    expect(again.api.callsTo("POST /api/live-streams/s1/leave")).toHaveLength(
      1,
    );
  });

  it("asks to log in when signed out", async () => {
    setup(apiError(401, "unauthenticated"));
    expect(await screen.findByRole("alert")).toHaveTextContent("Please log in");
    expect(screen.getByRole("link", { name: "Log in" })).toHaveAttribute(
      "href",
      "/login?next=%2Flive%2Fs1",
    );
  });

  it("explains a stream this browser cannot decode and logs a playback error", async () => {
    vi.spyOn(FakeMediaSource, "isTypeSupported").mockReturnValue(false);
    const { api } = setup(joined());
    const socket = await watchSocket();
    act(() =>
      socket.serverJson({
        type: "init",
        mimeType: 'video/webm; codecs="av1"',
        status: "live",
      }),
    );
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "This device cannot play this live stream's video",
    );
    await waitFor(() =>
      expect(api.callsTo("POST /api/client-events")[0]?.body).toMatchObject({
        streamId: "s1",
        kind: "playback_error",
      }),
    );
  });

  describe("on a device without Media Source (an iPhone before iOS 17.1)", () => {
    const playlistPath = "/live/s1/hls/playlist.m3u8?token=hls-1";

    function joinedWithHls(token = "watch-1"): MockReply {
      return {
        status: 200,
        body: {
          stream,
          watch: {
            backend: "builtin",
            url: "ws://127.0.0.1:8080/live/s1/watch",
            token,
            // The server names itself; the page plays it from its own origin.
            hlsUrl: `http://127.0.0.1:8080${playlistPath}`,
          },
          watchId: `session-${token}`,
        },
      };
    }

    function liveVideo(): HTMLVideoElement {
      return screen.getByLabelText("Live video") as HTMLVideoElement;
    }

    function elementPlaysHls(plays: boolean) {
      vi.spyOn(HTMLMediaElement.prototype, "canPlayType").mockImplementation(
        (type) =>
          plays && type === "application/vnd.apple.mpegurl" ? "maybe" : "",
      );
    }

    it("plays the stream's HLS; status, viewers and the end come from /ws and the playlist", async () => {
      vi.stubGlobal("MediaSource", undefined);
      elementPlaysHls(true);
      setup(joinedWithHls());
      await waitFor(() =>
        expect(liveVideo().src).toBe(
          `${window.location.origin}${playlistPath}`,
        ),
      );
      expect(watchSockets()).toHaveLength(0);
      expect(screen.getByText("Connecting…")).toBeInTheDocument();
      act(() => {
        liveVideo().dispatchEvent(new Event("loadeddata"));
      });
      expect(screen.getByText("Live")).toBeInTheDocument();

      const events = FakeWebSocket.instances.find((s) =>
        s.url.endsWith("/ws"),
      )!;
      act(() => events.serverOpen());
      expect(events.sentJson()).toContainEqual({
        type: "subscribe",
        streamId: "s1",
      });
      act(() =>
        events.serverJson({
          type: "stream",
          stream: { ...stream, viewerCount: 12, status: "interrupted" },
        }),
      );
      expect(screen.getByLabelText("12 viewers")).toBeInTheDocument();
      expect(screen.getByText(/lost their connection/)).toBeInTheDocument();
      act(() =>
        events.serverJson({
          type: "stream",
          stream: { ...stream, viewerCount: 13, status: "live" },
        }),
      );
      expect(screen.getByText("Live")).toBeInTheDocument();
      expect(screen.getByLabelText("13 viewers")).toBeInTheDocument();

      // #EXT-X-ENDLIST: the element plays to the end.
      act(() => {
        liveVideo().dispatchEvent(new Event("ended"));
      });
      expect(
        screen.getByRole("heading", { name: "This live stream has ended" }),
      ).toBeInTheDocument();
      expect(liveVideo().hasAttribute("src")).toBe(false);
    });

    it("joins again for the HLS when it joined before the stream had any", async () => {
      vi.stubGlobal("MediaSource", undefined);
      elementPlaysHls(true);
      const { api } = setup(joined(), joinedWithHls("watch-2"));
      const socket = await watchSocket();
      act(() => {
        socket.serverOpen();
        socket.serverJson({
          type: "init",
          mimeType: 'video/mp4; codecs="avc1.42c020,opus"',
          status: "live",
        });
      });
      await waitFor(() =>
        expect(liveVideo().src).toBe(
          `${window.location.origin}${playlistPath}`,
        ),
      );
      expect(
        api.callsTo("POST /api/live-streams/s1/join").map((c) => c.body),
      ).toEqual([{}, { watchId: "session-watch-1" }]);
      expect(screen.queryByRole("alert")).toBeNull();
      expect(api.callsTo("POST /api/client-events")).toHaveLength(0);
    });

    it("says a WebM stream cannot play on a device that plays only HLS", async () => {
      vi.stubGlobal("MediaSource", undefined);
      elementPlaysHls(true);
      const { api } = setup(joined(), joined("watch-2"));
      for (const index of [0, 1]) {
        const socket = await watchSocket(index);
        act(() => {
          socket.serverOpen();
          socket.serverJson({
            type: "init",
            mimeType: 'video/webm; codecs="vp8,opus"',
            status: "live",
          });
        });
      }
      expect(await screen.findByRole("alert")).toHaveTextContent(
        "This device cannot play this live stream's video",
      );
      expect(api.callsTo("POST /api/live-streams/s1/join")).toHaveLength(2);
    });

    it("keeps Media Source and the relay where it exists, though HLS is offered and the element plays it", async () => {
      elementPlaysHls(true);
      vi.stubGlobal("MediaSource", undefined);
      vi.stubGlobal("ManagedMediaSource", FakeMediaSource);
      setup(joinedWithHls());
      const socket = await watchSocket();
      act(() => {
        socket.serverOpen();
        socket.serverJson({
          type: "init",
          mimeType: 'video/mp4; codecs="avc1.42c020,opus"',
          status: "live",
        });
      });
      await waitFor(() =>
        expect(FakeMediaSource.latest().sourceBuffers).toHaveLength(1),
      );
      expect(liveVideo().src).toMatch(/^blob:/);
      expect(liveVideo().disableRemotePlayback).toBe(true);
    });

    it("says the browser cannot play the stream when it has neither Media Source nor HLS", async () => {
      vi.stubGlobal("MediaSource", undefined);
      elementPlaysHls(false);
      const { api } = setup(joinedWithHls());
      const socket = await watchSocket();
      act(() => {
        socket.serverOpen();
        socket.serverJson({
          type: "init",
          mimeType: 'video/mp4; codecs="avc1.42c020,opus"',
          status: "live",
        });
      });
      expect(await screen.findByRole("alert")).toHaveTextContent(
        "This browser cannot play this live stream.",
      );
      expect(liveVideo().src).not.toContain("playlist.m3u8");
      expect(api.callsTo("POST /api/live-streams/s1/join")).toHaveLength(1);
    });

    it("says so when the element refuses the HLS it claimed to play", async () => {
      vi.stubGlobal("MediaSource", undefined);
      elementPlaysHls(true);
      setup(joinedWithHls());
      await waitFor(() => expect(liveVideo().src).toContain(playlistPath));
      Object.defineProperty(liveVideo(), "error", {
        configurable: true,
        value: { code: 4, message: "" },
      });
      act(() => {
        liveVideo().dispatchEvent(new Event("error"));
      });
      expect(await screen.findByRole("alert")).toHaveTextContent(
        "This browser cannot play this live stream.",
      );
    });
  });

  it("updates from /ws stream events and ends when the stream ends", async () => {
    setup(joined());
    await watchSocket();
    const events = FakeWebSocket.instances.find((s) => s.url.endsWith("/ws"))!;
    act(() => events.serverOpen());
    expect(events.sentJson()).toContainEqual({
      type: "subscribe",
      streamId: "s1",
    });
    act(() =>
      events.serverJson({
        type: "stream",
        stream: { ...stream, viewerCount: 77 },
      }),
    );
    expect(screen.getByLabelText("77 viewers")).toBeInTheDocument();
    act(() =>
      events.serverJson({
        type: "stream",
        stream: { ...stream, status: "ended", reelId: "r3" },
      }),
    );
    expect(
      screen.getByRole("link", { name: "Watch the replay" }),
    ).toHaveAttribute("href", "/reels/r3");
  });

  it("opens the chat and reactions only once past the gate and joined", async () => {
    const { api } = setup(
      apiError(403, "sensitive_content_not_acknowledged"),
      joined(),
    );
    await screen.findByRole("heading", { name: "Sensitive content" });
    expect(screen.queryByRole("log", { name: "Chat messages" })).toBeNull();
    expect(screen.queryByRole("group", { name: "Reactions" })).toBeNull();
    expect(api.callsTo("GET /api/live-streams/s1/chat")).toHaveLength(0);

    await userEvent.click(screen.getByRole("button", { name: "Watch anyway" }));
    const log = await screen.findByRole("log", { name: "Chat messages" });
    expect(await within(log).findByText("great run!")).toBeInTheDocument();
    expect(
      screen.getByRole("textbox", { name: "Chat message" }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole("button", { name: "React with heart" }),
    ).toBeInTheDocument();
    // A viewer does not moderate: their message menu only reports.
    await userEvent.click(
      within(log).getByRole("button", { name: /^More actions for/ }),
    );
    expect(
      within(screen.getByRole("menu"))
        .getAllByRole("menuitem")
        .map((item) => item.textContent),
    ).toEqual(["Report message"]);
  });

  it("opens no chat for a stream that had ended before joining", async () => {
    const { api } = setup(apiError(409, "stream_ended"));
    api.on("GET /api/live-streams/s1", {
      status: 200,
      body: { stream: { ...stream, status: "ended", reelId: "r5" } },
    });
    await screen.findByRole("link", { name: "Watch the replay" });
    expect(screen.queryByRole("log", { name: "Chat messages" })).toBeNull();
    expect(api.callsTo("GET /api/live-streams/s1/chat")).toHaveLength(0);
  });

  it("keeps the chat through a reconnect without loading it again", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { api } = setup(joined("first"), joined("second"));
    const first = await watchSocket(0);
    await screen.findByText("great run!");
    act(() => first.serverClose(1006));
    expect(
      screen.getByText("Connection lost — reconnecting…"),
    ).toBeInTheDocument();
    expect(screen.getByText("great run!")).toBeInTheDocument();
    await act(() => vi.advanceTimersByTimeAsync(1300));
    await watchSocket(1);
    expect(screen.getByText("great run!")).toBeInTheDocument();
    expect(api.callsTo("GET /api/live-streams/s1/chat")).toHaveLength(1);
  });

  it("keeps the chat history when the stream ends, with 'Chat has ended' instead of the input", async () => {
    setup(joined());
    const socket = await watchSocket();
    await screen.findByText("great run!");
    act(() => {
      socket.serverOpen();
      socket.serverJson({ type: "ended", reason: "ended_by_owner" });
      socket.serverClose(1000);
    });
    expect(
      screen.getByRole("heading", { name: "This live stream has ended" }),
    ).toBeInTheDocument();
    expect(screen.getByText("Chat has ended")).toBeInTheDocument();
    expect(
      within(screen.getByRole("log", { name: "Chat messages" })).getByText(
        "great run!",
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole("textbox", { name: "Chat message" })).toBeNull();
    expect(screen.queryByRole("group", { name: "Reactions" })).toBeNull();
  });

  it("connects to LiveKit with the given credentials in livekit mode", async () => {
    setup({
      status: 200,
      body: {
        stream,
        watch: { backend: "livekit", url: "wss://sfu.example", token: "lk" },
      },
    });
    await waitFor(() =>
      expect(roomConnect).toHaveBeenCalledWith("wss://sfu.example", "lk"),
    );
    expect(watchSockets()).toHaveLength(0);
  });

  it("offers following and sharing the creator in the header", async () => {
    const { api } = setup(joined());
    api
      .on("GET /api/users/bob", {
        status: 200,
        body: {
          user: stream.author,
          followerCount: 1,
          followingCount: 0,
          isFollowing: false,
          liveStream: stream,
        },
      })
      .on("POST /api/users/bob/follow", { status: 204 });
    await watchSocket();
    await userEvent.click(
      await screen.findByRole("button", { name: "Follow" }),
    );
    expect(
      await screen.findByRole("button", { name: "Unfollow" }),
    ).toBeInTheDocument();
    expect(api.callsTo("POST /api/users/bob/follow")).toHaveLength(1);
    expect(
      screen.getByRole("button", { name: /^(Share|Copy link)$/ }),
    ).toBeInTheDocument();
  });

  it("reports the stream to the operators from its header", async () => {
    const user = userEvent.setup();
    const { api } = setup(joined());
    api.on("POST /api/reports", { status: 201, body: { report: {} } });
    await watchSocket();
    await user.click(
      await screen.findByRole("button", { name: "Report this live stream" }),
    );
    const dialog = screen.getByRole("dialog", {
      name: "Report this live stream",
    });
    await user.type(
      within(dialog).getByRole("textbox", {
        name: "Why are you reporting it?",
      }),
      "Violent content",
    );
    await user.click(
      within(dialog).getByRole("button", { name: "Send report" }),
    );
    expect(await within(dialog).findByRole("status")).toHaveTextContent(
      "Thanks — operators will look at it.",
    );
    expect(api.callsTo("POST /api/reports")[0]?.body).toEqual({
      itemType: "live_stream",
      itemId: "s1",
      reason: "Violent content",
    });
  });

  it("offers its creator no report of their own stream", async () => {
    setupAs(stream.author, joined());
    await watchSocket();
    expect(
      await screen.findByRole("button", { name: /^(Share|Copy link)$/ }),
    ).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /^Report/ })).toBeNull();
  });

  it("says the creator's connection is unstable when the picture freezes or the stream is interrupted", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    setup(joined());
    const socket = await watchSocket();
    act(() => {
      socket.serverOpen();
      socket.serverJson({
        type: "init",
        mimeType: "video/webm",
        status: "live",
      });
    });
    await waitFor(() =>
      expect(FakeMediaSource.latest().sourceBuffers).toHaveLength(1),
    );
    act(() => socket.serverBinary(new Uint8Array([1]).buffer));
    act(() => FakeMediaSource.latest().sourceBuffers[0]!.finish([[0, 1]]));
    expect(screen.getByText("Live")).toBeInTheDocument();
    expect(
      screen.queryByText("The creator's connection is unstable"),
    ).toBeNull();

    await act(() => vi.advanceTimersByTimeAsync(3600));
    expect(
      screen.getByText("The creator's connection is unstable"),
    ).toBeInTheDocument();
    expect(screen.queryByText("Live")).toBeNull();

    act(() => socket.serverBinary(new Uint8Array([2]).buffer));
    expect(
      screen.queryByText("The creator's connection is unstable"),
    ).toBeNull();
    act(() => socket.serverJson({ type: "status", status: "interrupted" }));
    expect(
      screen.getByText("The creator's connection is unstable"),
    ).toBeInTheDocument();
  });

  it("shows the creator's avatar while their camera is paused, and that they are muted", async () => {
    setup(joined());
    await watchSocket();
    const events = FakeWebSocket.instances.find((s) => s.url.endsWith("/ws"))!;
    act(() => events.serverOpen());
    expect(screen.queryByText("Camera paused")).toBeNull();
    expect(screen.queryByText("Muted")).toBeNull();
    act(() =>
      events.serverJson({
        type: "stream",
        stream: { ...stream, cameraOn: false, microphoneOn: false },
      }),
    );
    expect(screen.getByText("Camera paused")).toBeInTheDocument();
    expect(screen.getByRole("img", { name: "Bob" })).toBeInTheDocument();
    expect(screen.getByText("Muted")).toBeInTheDocument();
    act(() =>
      events.serverJson({
        type: "stream",
        stream: { ...stream, cameraOn: true, microphoneOn: true },
      }),
    );
    expect(screen.queryByText("Camera paused")).toBeNull();
    expect(screen.queryByText("Muted")).toBeNull();
  });

  it("reports lost connections at most once per 10 s", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { api } = setup(joined("first"), joined("second"), joined("third"));
    const first = await watchSocket(0);
    act(() => first.serverClose(1006));
    await act(() => vi.advanceTimersByTimeAsync(1300));
    const second = await watchSocket(1);
    act(() => second.serverClose(1006));
    await act(() => vi.advanceTimersByTimeAsync(3000));
    await watchSocket(2);
    expect(api.callsTo("POST /api/client-events")).toHaveLength(1);
  });
});

describe("LiveStreamViewer for a visitor", () => {
  function setupVisitor(...joinReplies: MockReply[]) {
    const api = new ApiMock()
      .on("GET /api/me", apiError(401, "unauthenticated"))
      .on("POST /api/live-streams/s1/join", ...joinReplies)
      .on("POST /api/live-streams/s1/leave", { status: 204 })
      .on("GET /api/live-streams/s1", { status: 200, body: { stream } })
      .on("GET /api/live-streams/s1/chat", {
        status: 200,
        body: { items: [chatLine] },
      })
      .on("POST /api/client-events", { status: 204 });
    renderWithApp(<LiveStreamViewer />, {
      route: "/live/s1",
      path: "/live/:id",
    });
    return { api };
  }

  it("watches a public stream and reads the chat, with a call to sign up instead of the chat box and reactions", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { api } = setupVisitor(joined("first"), joined("second"));
    const socket = await watchSocket();
    expect(
      screen.getByRole("heading", { name: "Morning run" }),
    ).toBeInTheDocument();
    act(() => socket.serverJson({ type: "viewers", count: 1 }));
    expect(screen.getByLabelText("1 viewer")).toBeInTheDocument();
    const log = await screen.findByRole("log", { name: "Chat messages" });
    expect(await within(log).findByText("great run!")).toBeInTheDocument();
    expect(
      await screen.findByRole("link", { name: "Sign up to chat" }),
    ).toHaveAttribute("href", "/signup?next=%2Flive%2Fs1");
    expect(screen.queryByRole("textbox", { name: "Chat message" })).toBeNull();
    expect(screen.queryByRole("group", { name: "Reactions" })).toBeNull();
    expect(
      screen.getByRole("link", { name: "Sign in to follow" }),
    ).toHaveAttribute("href", "/login?next=%2Flive%2Fs1");

    // A visitor's lost connection is not reported: client events need an account.
    act(() => socket.serverClose(1006));
    await act(() => vi.advanceTimersByTimeAsync(1300));
    await watchSocket(1);
    expect(api.callsTo("POST /api/client-events")).toHaveLength(0);
  });

  it("asks a visitor to sign in before reporting the stream", async () => {
    const user = userEvent.setup();
    const { api } = setupVisitor(joined());
    await watchSocket();
    await user.click(
      await screen.findByRole("button", { name: "Report this live stream" }),
    );
    const dialog = screen.getByRole("dialog", {
      name: "Report this live stream",
    });
    expect(dialog).toHaveTextContent(
      "Sign in to report this live stream to the operators.",
    );
    expect(
      within(dialog).getByRole("link", { name: "Log in" }),
    ).toHaveAttribute("href", "/login?next=%2Flive%2Fs1");
    expect(within(dialog).queryByRole("textbox")).toBeNull();
    expect(api.callsTo("POST /api/reports")).toHaveLength(0);
  });

  it("says what a followers-only stream is and offers sign-in", async () => {
    setupVisitor(
      apiError(401, "unauthenticated", {
        gating: "followers",
        priceCredits: null,
        title: "Studio day",
        authorHandle: "bob",
        authorDisplayName: "Bob",
      }),
    );
    expect(
      await screen.findByRole("heading", {
        name: "Studio day by Bob is for followers",
      }),
    ).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Sign in" })).toHaveAttribute(
      "href",
      "/login?next=%2Flive%2Fs1",
    );
    expect(screen.queryByText("Please log in to continue.")).toBeNull();
    expect(screen.queryByRole("log", { name: "Chat messages" })).toBeNull();
  });

  it("says what a paid stream costs", async () => {
    setupVisitor(
      apiError(401, "unauthenticated", {
        gating: "paid",
        priceCredits: 300,
        title: "Masterclass",
        authorHandle: "bob",
        authorDisplayName: "Bob",
      }),
    );
    expect(
      await screen.findByRole("heading", {
        name: "Masterclass by Bob costs 300 credits ($3.00)",
      }),
    ).toBeInTheDocument();
  });

  it("keeps the acknowledge step of a sensitive public stream", async () => {
    const { api } = setupVisitor(
      apiError(403, "sensitive_content_not_acknowledged"),
      joined(),
    );
    await userEvent.click(
      await screen.findByRole("button", { name: "Watch anyway" }),
    );
    await watchSocket();
    expect(
      api.callsTo("POST /api/live-streams/s1/join").map((c) => c.body),
    ).toEqual([{}, { acknowledgeSensitive: true }]);
  });

  describe("moderation", () => {
    /** 18:32 local time: the time-out below ends at 18:42 the same day. */
    const now = new Date(2026, 10, 24, 18, 32, 0);
    const until = new Date(2026, 10, 24, 18, 42, 0).toISOString();
    const eighteenFortyTwo = /until (18:42|6:42\sPM)\./;

    function eventSocket(): FakeWebSocket {
      return FakeWebSocket.instances.find((s) => s.url.endsWith("/ws"))!;
    }

    /** The page shows the notice and neither the video nor the chat. */
    function expectBannedPage(sentence: string | RegExp) {
      const notice = screen.getByRole("alert");
      expect(notice).toHaveTextContent(sentence);
      expect(
        screen.getByLabelText("Live video").closest(".stage"),
      ).toHaveAttribute("hidden");
      expect(screen.queryByRole("log", { name: "Chat messages" })).toBeNull();
      expect(
        screen.queryByRole("textbox", { name: "Chat message" }),
      ).toBeNull();
      expect(screen.queryByRole("group", { name: "Reactions" })).toBeNull();
      expect(
        screen.queryByRole("button", { name: "Reconnect now" }),
      ).toBeNull();
    }

    it("says a timed-out viewer may not watch until when, and joins no more", async () => {
      vi.useFakeTimers({ shouldAdvanceTime: true, now });
      const { api } = setup(apiError(403, "banned", { until }));
      expect(
        await screen.findByRole("heading", { name: "Timed out" }),
      ).toBeInTheDocument();
      await waitFor(() =>
        expect(screen.getByRole("alert")).toHaveTextContent("@bob's"),
      );
      expectBannedPage(eighteenFortyTwo);
      expect(screen.getByRole("alert")).toHaveTextContent(
        /^You are timed out of @bob's streams until (18:42|6:42\sPM)\.$/,
      );
      expect(watchSockets()).toHaveLength(0);
      // No reconnect loop: a minute later it has still joined once.
      await act(() => vi.advanceTimersByTimeAsync(60_000));
      expect(api.callsTo("POST /api/live-streams/s1/join")).toHaveLength(1);
      expect(screen.queryByRole("button", { name: "Watch again" })).toBeNull();
    });

    it("offers to watch again once the time-out is over", async () => {
      vi.useFakeTimers({ shouldAdvanceTime: true, now });
      const { api } = setup(apiError(403, "banned", { until }), joined());
      await screen.findByRole("heading", { name: "Timed out" });
      await act(() => vi.advanceTimersByTimeAsync(10 * 60_000));
      await userEvent.click(
        await screen.findByRole("button", { name: "Watch again" }),
      );
      await watchSocket();
      expect(api.callsTo("POST /api/live-streams/s1/join")).toHaveLength(2);
      expect(
        await screen.findByRole("log", { name: "Chat messages" }),
      ).toBeInTheDocument();
    });

    it("says a banned viewer is banned for good", async () => {
      const { api } = setup(apiError(403, "banned", { until: null }));
      expect(
        await screen.findByRole("heading", { name: "Banned" }),
      ).toBeInTheDocument();
      await waitFor(() =>
        expect(screen.getByRole("alert")).toHaveTextContent(
          "You are banned from @bob's streams.",
        ),
      );
      expectBannedPage("You are banned from @bob's streams.");
      expect(screen.queryByText(/until/)).toBeNull();
      expect(api.callsTo("POST /api/live-streams/s1/join")).toHaveLength(1);
    });

    it("stops watching when the watch socket says banned, then closes with 4003", async () => {
      vi.useFakeTimers({ shouldAdvanceTime: true, now });
      const { api } = setup(joined());
      const socket = await watchSocket();
      await screen.findByText("great run!");
      act(() => {
        socket.serverOpen();
        socket.serverJson({
          type: "init",
          mimeType: "video/webm",
          status: "live",
        });
        socket.serverJson({ type: "banned", streamId: "s1", until });
        socket.serverClose(4003);
      });
      expect(
        screen.getByRole("heading", { name: "Timed out" }),
      ).toBeInTheDocument();
      expectBannedPage(eighteenFortyTwo);
      await act(() => vi.advanceTimersByTimeAsync(30_000));
      expect(api.callsTo("POST /api/live-streams/s1/join")).toHaveLength(1);
      expect(watchSockets()).toHaveLength(1);
    });

    it("asks once why the watch socket closed with 4003 when its message was lost", async () => {
      const { api } = setup(joined(), apiError(403, "banned", { until: null }));
      const socket = await watchSocket();
      await screen.findByText("great run!");
      act(() => socket.serverClose(4003));
      expect(
        await screen.findByRole("heading", { name: "Banned" }),
      ).toBeInTheDocument();
      expectBannedPage("You are banned from @bob's streams.");
      expect(api.callsTo("POST /api/live-streams/s1/join")).toHaveLength(2);
    });

    it("stops watching when /ws says this viewer was banned from this stream", async () => {
      setup(joined());
      await watchSocket();
      await screen.findByText("great run!");
      const events = eventSocket();
      act(() => events.serverOpen());
      act(() =>
        events.serverJson({ type: "banned", streamId: "s9", until: null }),
      );
      expect(screen.queryByRole("heading", { name: "Banned" })).toBeNull();
      act(() =>
        events.serverJson({ type: "banned", streamId: "s1", until: null }),
      );
      expect(
        screen.getByRole("heading", { name: "Banned" }),
      ).toBeInTheDocument();
      expectBannedPage("You are banned from @bob's streams.");
    });

    it("gives a moderator (canModerate from the join) the message menu", async () => {
      const answer = joined() as {
        status: number;
        body: Record<string, unknown>;
      };
      setup({ ...answer, body: { ...answer.body, canModerate: true } });
      expect(
        await screen.findByRole("button", {
          name: "More actions for Carol's message",
        }),
      ).toBeInTheDocument();
    });
  });
});
