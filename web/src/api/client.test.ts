import { afterEach, describe, expect, it } from "vitest";
import { ApiMock } from "../test/apiMock";
import {
  ApiError,
  getMe,
  joinLiveStream,
  leaveLiveStream,
  listLiveStreams,
  logClientEvent,
  markAllNotificationsRead,
} from "./client";
import { getConnectivity, resetConnectivity } from "./connectivity";

describe("api client", () => {
  afterEach(() => resetConnectivity());

  it("sends JSON with the session cookie and parses JSON answers", async () => {
    const api = new ApiMock().on("POST /api/live-streams/s1/join", {
      status: 200,
      body: {
        stream: { id: "s1" },
        watch: { backend: "builtin", url: "u", token: "t" },
      },
    });
    const result = await joinLiveStream("s1", true);
    expect(result.watch.token).toBe("t");
    const call = api.calls[0]!;
    expect(call.body).toEqual({ acknowledgeSensitive: true });
    expect(call.init?.credentials).toBe("same-origin");
    expect(new Headers(call.init?.headers).get("Content-Type")).toBe(
      "application/json",
    );
  });

  it("encodes path and query parts", async () => {
    const api = new ApiMock().on("GET /api/live-streams", {
      status: 200,
      body: { items: [], nextCursor: null },
    });
    await listLiveStreams("following", { cursor: "a&b" });
    expect(api.calls[0]!.url).toBe(
      "/api/live-streams?scope=following&limit=20&cursor=a%26b",
    );
    await joinLiveStream("../x").catch(() => undefined);
    expect(api.calls[1]!.url).toBe("/api/live-streams/..%2Fx/join");
  });

  it("turns the API.md error body into a typed ApiError", async () => {
    new ApiMock().on("POST /api/live-streams/s1/join", {
      status: 402,
      body: {
        error: {
          code: "payment_required",
          message: "Pay",
          details: { priceCredits: 5 },
        },
      },
    });
    const error = await joinLiveStream("s1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 402,
      code: "payment_required",
      message: "Pay",
      details: { priceCredits: 5 },
    });
  });

  it("still gives an ApiError for a body of another shape", async () => {
    new ApiMock().on("GET /api/me", {
      status: 502,
      body: "<html>bad gateway</html>",
    });
    await expect(getMe()).rejects.toMatchObject({
      status: 502,
      code: "http_502",
      details: {},
    });
  });

  it("reports network failures as status 0 and marks the server unreachable until a request succeeds", async () => {
    new ApiMock().on("GET /api/me", "network_error", {
      status: 200,
      body: { user: {} },
    });
    await expect(getMe()).rejects.toMatchObject({
      status: 0,
      code: "network_error",
    });
    expect(getConnectivity().serverReachable).toBe(false);
    await getMe();
    expect(getConnectivity().serverReachable).toBe(true);
  });

  it("answers 204 with undefined and leaves with keepalive", async () => {
    const api = new ApiMock()
      .on("POST /api/notifications/read-all", { status: 204 })
      .on("POST /api/live-streams/s1/leave", { status: 204 });
    await expect(markAllNotificationsRead()).resolves.toBeUndefined();
    await leaveLiveStream("s1");
    expect(
      api.callsTo("POST /api/live-streams/s1/leave")[0]!.init?.keepalive,
    ).toBe(true);
  });

  it("logs client events best effort, never throwing", async () => {
    const api = new ApiMock().on("POST /api/client-events", "network_error");
    expect(() =>
      logClientEvent({ kind: "reconnect", message: "m", streamId: "s1" }),
    ).not.toThrow();
    await Promise.resolve();
    expect(api.callsTo("POST /api/client-events")[0]!.body).toEqual({
      kind: "reconnect",
      message: "m",
      streamId: "s1",
    });
  });
});
