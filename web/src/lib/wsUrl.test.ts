import { describe, expect, it } from "vitest";
import { sameOriginWebSocketUrl } from "./wsUrl";

describe("sameOriginWebSocketUrl", () => {
  it("keeps the path of an absolute relay URL and uses the page origin", () => {
    expect(
      sameOriginWebSocketUrl("ws://127.0.0.1:8080/live/s1/publish", "tok", {
        protocol: "http:",
        host: "app.example:5173",
      }),
    ).toBe("ws://app.example:5173/live/s1/publish?token=tok");
  });

  it("uses wss on https pages and encodes the token", () => {
    expect(
      sameOriginWebSocketUrl("/live/s1/watch", "a b&c", {
        protocol: "https:",
        host: "onair.example",
      }),
    ).toBe("wss://onair.example/live/s1/watch?token=a+b%26c");
  });

  it("works without a token", () => {
    expect(
      sameOriginWebSocketUrl("/ws", undefined, {
        protocol: "http:",
        host: "h",
      }),
    ).toBe("ws://h/ws");
  });
});
