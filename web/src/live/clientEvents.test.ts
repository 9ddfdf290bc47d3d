import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiMock } from "../test/apiMock";
import { ClientEventLimiter } from "./clientEvents";

describe("ClientEventLimiter", () => {
  let api: ApiMock;
  beforeEach(() => {
    api = new ApiMock().on("POST /api/client-events", { status: 204 });
  });
  afterEach(() => vi.unstubAllGlobals());

  it("sends one event per kind per 10 seconds", async () => {
    let now = 1_000;
    const limiter = new ClientEventLimiter(() => now);
    limiter.report({ kind: "reconnect", message: "lost 1" });
    limiter.report({ kind: "reconnect", message: "lost 2" });
    limiter.report({ kind: "playback_error", message: "decode" });
    now += 9_999;
    limiter.report({ kind: "reconnect", message: "lost 3" });
    now += 1;
    limiter.report({ kind: "reconnect", message: "lost 4" });
    await vi.waitFor(() =>
      expect(api.callsTo("POST /api/client-events")).toHaveLength(3),
    );
    expect(
      api.callsTo("POST /api/client-events").map((c) => c.body),
    ).toMatchObject([
      { kind: "reconnect", message: "lost 1" },
      { kind: "playback_error", message: "decode" },
      { kind: "reconnect", message: "lost 4" },
    ]);
  });
});
