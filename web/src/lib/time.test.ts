import { describe, expect, it } from "vitest";
import {
  formatDateTime,
  formatDuration,
  formatRelative,
  formatSpan,
  formatUntil,
  localInputToIso,
} from "./time";

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

describe("formatSpan", () => {
  it("puts spans in words, with a dash when there is none", () => {
    expect(formatSpan(null)).toBe("—");
    expect(formatSpan(0)).toBe("0 s");
    expect(formatSpan(45_999)).toBe("45 s");
    expect(formatSpan(257_142)).toBe("4 min");
    expect(formatSpan(1_800_000)).toBe("30 min");
    expect(formatSpan(3_600_000)).toBe("1 h");
    expect(formatSpan(3_900_000)).toBe("1 h 5 min");
    expect(formatSpan(26 * 3_600_000 + 60_000)).toBe("26 h 1 min");
    expect(formatSpan(-5)).toBe("0 s");
  });
});

describe("formatDateTime", () => {
  it("shows a time in the local zone, and nothing for garbage", () => {
    const iso = "2026-11-28T10:00:00.000Z";
    expect(formatDateTime(iso)).toBe(new Date(iso).toLocaleString());
    expect(formatDateTime("garbage")).toBe("");
  });
});

describe("formatUntil", () => {
  it("gives the time alone the same day, else the date too", () => {
    const now = new Date(2026, 10, 24, 18, 0).getTime();
    expect(formatUntil(new Date(2026, 10, 24, 18, 42).toISOString(), now)).toBe(
      new Date(2026, 10, 24, 18, 42).toLocaleTimeString(undefined, {
        hour: "numeric",
        minute: "2-digit",
      }),
    );
    const later = formatUntil(new Date(2026, 11, 2, 9, 5).toISOString(), now);
    expect(later).toMatch(/Dec|12/);
    expect(later).toMatch(/9:05|09:05/);
    expect(formatUntil("garbage", now)).toBe("");
  });
});

describe("localInputToIso", () => {
  it("reads a datetime-local value in the reader's time zone", () => {
    expect(localInputToIso("2026-11-24T18:42")).toBe(
      new Date(2026, 10, 24, 18, 42).toISOString(),
    );
  });

  it("gives null for an empty or unreadable value", () => {
    expect(localInputToIso("")).toBeNull();
    expect(localInputToIso("tomorrow")).toBeNull();
    expect(localInputToIso("2026-13-45T99:99")).toBeNull();
  });
});
