import { describe, expect, it } from "vitest";
import { formatDuration, formatRelative } from "./time";

describe("formatDuration", () => {
  it("shows minutes and seconds, and hours when needed", () => {
    expect(formatDuration(0)).toBe("0:00");
    expect(formatDuration(65_000)).toBe("1:05");
    expect(formatDuration(3_725_000)).toBe("1:02:05");
    expect(formatDuration(-5)).toBe("0:00");
  });
});

describe("formatRelative", () => {
  it("describes recent times in words", () => {
    const now = Date.parse("2026-11-24T10:00:00.000Z");
    expect(formatRelative("2026-11-24T09:59:30.000Z", now)).toBe("just now");
    expect(formatRelative("2026-11-24T09:55:00.000Z", now)).toBe("5 min ago");
    expect(formatRelative("2026-11-24T07:00:00.000Z", now)).toBe("3 h ago");
    expect(formatRelative("garbage", now)).toBe("");
  });
});
