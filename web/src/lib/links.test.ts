import { describe, expect, it } from "vitest";
import { inAppPath } from "./links";

describe("inAppPath", () => {
  it("keeps the path of links into the app, whatever their host", () => {
    expect(
      inAppPath("http://127.0.0.1:8080/live/s1", "http://localhost:5173"),
    ).toBe("/live/s1");
    expect(inAppPath("/u/bob?x=1", "http://localhost")).toBe("/u/bob?x=1");
    expect(
      inAppPath("https://onair.example/scheduled/sch1", "http://localhost"),
    ).toBe("/scheduled/sch1");
  });

  it("leaves other links alone", () => {
    expect(
      inAppPath("https://example.com/blog", "http://localhost"),
    ).toBeNull();
    expect(inAppPath("/api/me", "http://localhost")).toBeNull();
  });
});
