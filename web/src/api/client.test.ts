import { afterEach, describe, expect, it } from "vitest";
import { ApiMock, apiError } from "../test/apiMock";
import {
  addModerator,
  createReport,
  getAdminModerationLog,
  getModerationLog,
  liftSuspension,
  listAdminReports,
  login,
  onUnauthenticated,
  resolveReport,
  suspendUser,
  adminEndStream,
  ApiError,
  banUser,
  getChatSettings,
  liftBan,
  listBans,
  listModerators,
  removeModerator,
  updateChatSettings,
  getAdminOverview,
  getMe,
  getStreamAnalytics,
  joinLiveStream,
  leaveLiveStream,
  listAdminStreams,
  listChat,
  listLiveStreams,
  logClientEvent,
  markAllNotificationsRead,
  react,
  removeChatMessage,
  sendChat,
  uploadLiveStreamThumbnail,
  cancelScheduledLive,
  createScheduledLive,
  getScheduledLive,
  listUserScheduledLives,
  scheduleCalendarUrl,
  setScheduledReminder,
  startScheduledLive,
  updateScheduledLive,
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

  it("puts a thumbnail as a raw JPEG body, and reads refusals like any answer", async () => {
    const api = new ApiMock().on(
      "PUT /api/live-streams/s%2F1/thumbnail",
      { status: 204 },
      apiError(429, "rate_limited"),
    );
    const jpeg = new Blob([new Uint8Array([0xff, 0xd8, 0xff])]); // untyped, as some canvases give
    await expect(
      uploadLiveStreamThumbnail("s/1", jpeg),
    ).resolves.toBeUndefined();
    const [call] = api.callsTo("PUT /api/live-streams/s%2F1/thumbnail");
    expect(call!.init?.headers).toMatchObject({ "Content-Type": "image/jpeg" });
    expect(call!.body).toBe(jpeg);
    expect(call!.init?.credentials).toBe("same-origin");
    await expect(uploadLiveStreamThumbnail("s/1", jpeg)).rejects.toMatchObject({
      status: 429,
      code: "rate_limited",
    });
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

  describe("live chat and reactions", () => {
    const message = {
      id: "7",
      streamId: "s/1",
      author: { id: "u1", handle: "alice" },
      text: "hi",
      createdAt: "2026-11-24T10:00:00.000Z",
    };

    it("pages the chat with GET, after the last id it has", async () => {
      const api = new ApiMock().on("GET /api/live-streams/s%2F1/chat", {
        status: 200,
        body: { items: [message] },
      });
      await expect(listChat("s/1")).resolves.toEqual({ items: [message] });
      await listChat("s/1", "7");
      await listChat("s/1", "7", 100);
      expect(api.calls.map((c) => `${c.init?.method} ${c.url}`)).toEqual([
        "GET /api/live-streams/s%2F1/chat?limit=50",
        "GET /api/live-streams/s%2F1/chat?after=7&limit=50",
        "GET /api/live-streams/s%2F1/chat?after=7&limit=100",
      ]);
      expect(api.calls[0]!.init?.body).toBeUndefined();
    });

    it("posts a message as {text} and returns the stored message", async () => {
      const api = new ApiMock().on("POST /api/live-streams/s%2F1/chat", {
        status: 201,
        body: { message },
      });
      await expect(sendChat("s/1", "hi\nthere")).resolves.toEqual({ message });
      expect(api.calls[0]!.body).toEqual({ text: "hi\nthere" });
      expect(new Headers(api.calls[0]!.init?.headers).get("Content-Type")).toBe(
        "application/json",
      );
    });

    it("removes a message with DELETE on its own path", async () => {
      const api = new ApiMock().on("DELETE /api/live-streams/s1/chat/7", {
        status: 204,
      });
      await expect(removeChatMessage("s1", "7")).resolves.toBeUndefined();
      expect(api.calls[0]!.init?.method).toBe("DELETE");
      expect(api.calls[0]!.body).toBeUndefined();
    });

    it("sends a reaction as {kind}", async () => {
      const api = new ApiMock().on("POST /api/live-streams/s1/reactions", {
        status: 204,
      });
      await expect(react("s1", "fire")).resolves.toBeUndefined();
      expect(api.calls[0]!.body).toEqual({ kind: "fire" });
    });

    it("maps chat refusals to typed errors", async () => {
      new ApiMock()
        .on("POST /api/live-streams/s1/chat", apiError(429, "rate_limited"))
        .on(
          "POST /api/live-streams/s1/reactions",
          apiError(409, "stream_ended"),
        )
        .on(
          "DELETE /api/live-streams/s1/chat/7",
          apiError(403, "not_stream_owner"),
        );
      await expect(sendChat("s1", "hi")).rejects.toMatchObject({
        status: 429,
        code: "rate_limited",
      });
      await expect(react("s1", "wow")).rejects.toMatchObject({
        status: 409,
        code: "stream_ended",
      });
      await expect(removeChatMessage("s1", "7")).rejects.toMatchObject({
        status: 403,
        code: "not_stream_owner",
      });
    });
  });

  describe("operators' endpoints", () => {
    it("reads the overview and one stream's analytics with GET", async () => {
      const api = new ApiMock()
        .on("GET /api/admin/overview", {
          status: 200,
          body: { eventSockets: 12, topLive: [] },
        })
        .on("GET /api/admin/streams/a%2Fb/analytics", {
          status: 200,
          body: { stream: { id: "a/b" }, analytics: { durationMs: null } },
        });
      await expect(getAdminOverview()).resolves.toMatchObject({
        eventSockets: 12,
      });
      const report = await getStreamAnalytics("a/b");
      expect(report.analytics.durationMs).toBeNull();
      expect(api.calls.map((c) => `${c.init?.method} ${c.url}`)).toEqual([
        "GET /api/admin/overview",
        "GET /api/admin/streams/a%2Fb/analytics",
      ]);
      expect(api.calls[1]!.init?.body).toBeUndefined();
    });

    it("lists streams by status and cursor, all statuses by default", async () => {
      const api = new ApiMock().on("GET /api/admin/streams", {
        status: 200,
        body: { items: [], nextCursor: null },
      });
      await listAdminStreams();
      await listAdminStreams({
        status: "interrupted",
        cursor: "c&2",
        limit: 5,
      });
      expect(api.calls.map((c) => c.url)).toEqual([
        "/api/admin/streams?limit=20",
        "/api/admin/streams?status=interrupted&limit=5&cursor=c%262",
      ]);
    });

    it("ends a stream with POST and the recording choice", async () => {
      const api = new ApiMock().on("POST /api/admin/streams/s1/end", {
        status: 200,
        body: { stream: { id: "s1", status: "ended" }, reel: null },
      });
      const result = await adminEndStream("s1", false);
      expect(result).toEqual({
        stream: { id: "s1", status: "ended" },
        reel: null,
      });
      await adminEndStream("s1", true);
      expect(api.calls.map((c) => c.body)).toEqual([
        { saveRecording: false },
        { saveRecording: true },
      ]);
      expect(new Headers(api.calls[0]!.init?.headers).get("Content-Type")).toBe(
        "application/json",
      );
    });

    it("maps refusals to typed errors", async () => {
      new ApiMock()
        .on("GET /api/admin/overview", apiError(403, "forbidden"))
        .on("POST /api/admin/streams/s1/end", apiError(409, "stream_ended"))
        .on("GET /api/admin/streams/nope/analytics", apiError(404, "not_found"))
        .on("GET /api/admin/streams", apiError(401, "unauthenticated"));
      await expect(getAdminOverview()).rejects.toMatchObject({
        status: 403,
        code: "forbidden",
      });
      await expect(adminEndStream("s1", true)).rejects.toMatchObject({
        status: 409,
        code: "stream_ended",
      });
      await expect(getStreamAnalytics("nope")).rejects.toBeInstanceOf(ApiError);
      await expect(getStreamAnalytics("nope")).rejects.toMatchObject({
        status: 404,
        code: "not_found",
      });
      await expect(listAdminStreams()).rejects.toMatchObject({
        status: 401,
        code: "unauthenticated",
      });
    });
  });

  describe("moderation", () => {
    it("appoints, lists and dismisses moderators by handle", async () => {
      const api = new ApiMock()
        .on("GET /api/me/moderators", { status: 200, body: { items: [] } })
        .on("PUT /api/me/moderators/mi%20a", { status: 204 })
        .on("DELETE /api/me/moderators/mia", { status: 204 });
      expect(await listModerators()).toEqual({ items: [] });
      await expect(addModerator("mi a")).resolves.toBeUndefined();
      await expect(removeModerator("mia")).resolves.toBeUndefined();
      expect(api.calls.map((c) => `${c.method} ${c.url}`)).toEqual([
        "GET /api/me/moderators",
        "PUT /api/me/moderators/mi%20a",
        "DELETE /api/me/moderators/mia",
      ]);
    });

    it("bans, lists and lifts bans on a creator's channel", async () => {
      const api = new ApiMock()
        .on("POST /api/users/bob/bans", {
          status: 201,
          body: { ban: { until: null } },
        })
        .on("GET /api/users/bob/bans", { status: 200, body: { items: [] } })
        .on("DELETE /api/users/bob/bans/carol", { status: 204 });
      const { ban } = await banUser("bob", {
        handle: "carol",
        durationSeconds: 600,
        removeMessages: true,
      });
      expect(ban.until).toBeNull();
      expect(api.calls[0]!.body).toEqual({
        handle: "carol",
        durationSeconds: 600,
        removeMessages: true,
      });
      expect(await listBans("bob")).toEqual({ items: [] });
      await liftBan("bob", "carol");
      expect(api.callsTo("DELETE /api/users/bob/bans/carol")).toHaveLength(1);
    });

    it("reads and changes the chat rules; a ban refusal keeps its details", async () => {
      const chatSettings = {
        slowModeSeconds: 30,
        followersOnlyChat: false,
        blockedWords: ["spoiler"],
      };
      const api = new ApiMock()
        .on("GET /api/me/chat-settings", {
          status: 200,
          body: { chatSettings },
        })
        .on("PUT /api/me/chat-settings", {
          status: 200,
          body: { chatSettings },
        })
        .on(
          "POST /api/live-streams/s1/chat",
          apiError(429, "slow_mode", { retryAfterSeconds: 12 }),
        )
        .on(
          "POST /api/live-streams/s1/join",
          apiError(403, "banned", { until: null }),
        );
      expect((await getChatSettings()).chatSettings).toEqual(chatSettings);
      await updateChatSettings({ slowModeSeconds: 30 });
      expect(api.callsTo("PUT /api/me/chat-settings")[0]?.body).toEqual({
        slowModeSeconds: 30,
      });
      await expect(sendChat("s1", "hi")).rejects.toMatchObject({
        status: 429,
        code: "slow_mode",
        details: { retryAfterSeconds: 12 },
      });
      await expect(joinLiveStream("s1")).rejects.toMatchObject({
        status: 403,
        code: "banned",
        details: { until: null },
      });
    });
  });

  describe("reports, suspensions and the moderation log", () => {
    it("sends a report and reads the 409 of a second one", async () => {
      const api = new ApiMock().on(
        "POST /api/reports",
        { status: 201, body: { report: { id: "rep1" } } },
        apiError(409, "conflict"),
      );
      const input = {
        itemType: "chat_message" as const,
        itemId: "12",
        reason: "spam",
      };
      expect((await createReport(input)).report.id).toBe("rep1");
      await expect(createReport(input)).rejects.toMatchObject({
        status: 409,
        code: "conflict",
      });
      expect(api.calls.map((c) => c.body)).toEqual([input, input]);
    });

    it("lists reports by status and cursor, and resolves one", async () => {
      const api = new ApiMock()
        .on("GET /api/admin/reports", {
          status: 200,
          body: { items: [], nextCursor: null },
        })
        .on("POST /api/admin/reports/r%2F1/resolve", {
          status: 200,
          body: { report: { id: "r/1", status: "resolved" } },
        });
      await listAdminReports("resolved", "c 2", 10);
      expect(api.calls[0]!.url).toBe(
        "/api/admin/reports?status=resolved&cursor=c+2&limit=10",
      );
      await listAdminReports("open");
      expect(api.calls[1]!.url).toBe("/api/admin/reports?status=open");
      expect((await resolveReport("r/1", "end_stream")).report.status).toBe(
        "resolved",
      );
      expect(api.calls[2]!.body).toEqual({ action: "end_stream" });
    });

    it("suspends and lifts by handle", async () => {
      const api = new ApiMock()
        .on("POST /api/admin/users/bob/suspend", { status: 204 })
        .on("DELETE /api/admin/users/bob/suspend", { status: 204 });
      await expect(
        suspendUser("bob", {
          reason: "spam",
          until: "2026-11-25T10:00:00.000Z",
        }),
      ).resolves.toBeUndefined();
      await liftSuspension("bob");
      expect(api.calls.map((c) => [c.method, c.body])).toEqual([
        ["POST", { reason: "spam", until: "2026-11-25T10:00:00.000Z" }],
        ["DELETE", undefined],
      ]);
    });

    it("reads a channel's and the site's moderation logs page by page", async () => {
      const api = new ApiMock()
        .on("GET /api/users/bob/moderation-log", {
          status: 200,
          body: { items: [], nextCursor: "n" },
        })
        .on("GET /api/admin/moderation-log", {
          status: 200,
          body: { items: [], nextCursor: null },
        });
      expect((await getModerationLog("bob")).nextCursor).toBe("n");
      await getModerationLog("bob", "n", 20);
      await getAdminModerationLog("x");
      expect(api.calls.map((c) => c.url)).toEqual([
        "/api/users/bob/moderation-log",
        "/api/users/bob/moderation-log?cursor=n&limit=20",
        "/api/admin/moderation-log?cursor=x",
      ]);
    });
  });

  it("tells listeners of a 401, except for signing in and asking who is signed in", async () => {
    new ApiMock()
      .on("GET /api/me", apiError(401, "unauthenticated"))
      .on("POST /api/auth/login", apiError(401, "unauthenticated"))
      .on("GET /api/admin/overview", apiError(401, "unauthenticated"));
    let heard = 0;
    const stop = onUnauthenticated(() => {
      heard += 1;
    });
    await expect(getMe()).rejects.toBeInstanceOf(ApiError);
    await expect(login("a", "b")).rejects.toBeInstanceOf(ApiError);
    expect(heard).toBe(0);
    await expect(getAdminOverview()).rejects.toMatchObject({ status: 401 });
    expect(heard).toBe(1);
    stop();
    await expect(getAdminOverview()).rejects.toMatchObject({ status: 401 });
    expect(heard).toBe(1);
  });

  it("speaks the scheduled lives' endpoints", async () => {
    const scheduled = { id: "s/1", title: "Q&A" };
    const api = new ApiMock()
      .on("POST /api/scheduled-lives", {
        status: 201,
        body: { scheduled, occurrences: [scheduled] },
      })
      .on("GET /api/scheduled-lives/s%2F1", {
        status: 200,
        body: { scheduled },
      })
      .on("PATCH /api/scheduled-lives/s%2F1", {
        status: 200,
        body: { scheduled },
      })
      .on("DELETE /api/scheduled-lives/s%2F1", { status: 204 })
      .on("POST /api/scheduled-lives/s%2F1/reminder", { status: 204 })
      .on("DELETE /api/scheduled-lives/s%2F1/reminder", { status: 204 })
      .on("GET /api/users/bob/scheduled-lives", {
        status: 200,
        body: { items: [scheduled] },
      })
      .on("POST /api/live-streams", {
        status: 201,
        body: { stream: { id: "x" }, publish: { token: "t" } },
      });
    const input = {
      title: "Q&A",
      sensitivity: "none" as const,
      gating: "public" as const,
      startsAt: "2026-12-10T18:00:00.000Z",
      repeatWeeks: 2,
    };
    expect((await createScheduledLive(input)).occurrences).toHaveLength(1);
    expect((await getScheduledLive("s/1")).scheduled.title).toBe("Q&A");
    await updateScheduledLive("s/1", { title: "New" });
    await cancelScheduledLive("s/1");
    await setScheduledReminder("s/1", true);
    await setScheduledReminder("s/1", false);
    expect((await listUserScheduledLives("bob")).items).toHaveLength(1);
    expect((await startScheduledLive("s/1")).publish.token).toBe("t");
    expect(api.calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      "POST /api/scheduled-lives",
      "GET /api/scheduled-lives/s%2F1",
      "PATCH /api/scheduled-lives/s%2F1",
      "DELETE /api/scheduled-lives/s%2F1",
      "POST /api/scheduled-lives/s%2F1/reminder",
      "DELETE /api/scheduled-lives/s%2F1/reminder",
      "GET /api/users/bob/scheduled-lives",
      "POST /api/live-streams",
    ]);
    expect(api.calls[0]!.body).toEqual(input);
    expect(api.calls[2]!.body).toEqual({ title: "New" });
    expect(api.calls[7]!.body).toEqual({ scheduledId: "s/1" });
    expect(scheduleCalendarUrl("bo b")).toBe("/api/users/bo%20b/schedule.ics");
  });
});
