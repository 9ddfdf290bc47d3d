import { describe, expect, it } from "vitest";
import {
  countdownAnnouncement,
  countdownText,
  formatStartsAt,
  statusLabel,
} from "./countdown";

const s = 1000;
const min = 60 * s;
const h = 60 * min;

describe("countdown", () => {
  it("counts to the second below a day, in days and hours beyond", () => {
    expect(countdownText(59 * s)).toBe("59 s");
    expect(countdownText(19 * min + 8 * s)).toBe("19 min 08 s");
    expect(countdownText(h + 4 * min + 9 * s)).toBe("1 h 04 min 09 s");
    expect(countdownText(2 * 24 * h + 3 * h)).toBe("2 days 3 h");
    expect(countdownText(24 * h)).toBe("1 day");
    // A part of a second still to go shows as the whole second.
    expect(countdownText(500)).toBe("1 s");
  });

  it("is due at zero, past it, and for an unreadable time", () => {
    expect(countdownText(0)).toBeNull();
    expect(countdownText(-5 * s)).toBeNull();
    expect(countdownText(Number.NaN)).toBeNull();
    expect(countdownAnnouncement(-1)).toBe("Starting any moment.");
  });

  it("announces only when a threshold is crossed", () => {
    const said = new Set<string>();
    for (let left = 3 * h; left > -2 * s; left -= s)
      said.add(countdownAnnouncement(left));
    expect([...said]).toEqual([
      "Starts in more than 3 hours.",
      "Starts in more than 2 hours.",
      "Starts in more than 1 hour.",
      "Starts in less than 60 minutes.",
      "Starts in less than 30 minutes.",
      "Starts in less than 15 minutes.",
      "Starts in less than 10 minutes.",
      "Starts in less than 5 minutes.",
      "Starts in less than 1 minute.",
      "Starting any moment.",
    ]);
    expect(countdownAnnouncement(3 * 24 * h + h)).toBe(
      "Starts in more than 3 days.",
    );
  });

  it("names statuses as people say them", () => {
    expect(statusLabel("upcoming")).toBe("Upcoming");
    expect(statusLabel("live")).toBe("Live now");
    expect(statusLabel("done")).toBe("Ended");
    expect(statusLabel("cancelled")).toBe("Cancelled");
    expect(statusLabel("missed")).toBe("Missed");
    expect(statusLabel("paused")).toBe("paused");
  });

  it("formats the start in the reader's zone with the zone's name", () => {
    const text = formatStartsAt("2026-12-10T18:00:00.000Z");
    expect(text).toMatch(/Dec/);
    expect(text).toMatch(/\d{1,2}:00/);
    expect(formatStartsAt("nonsense")).toBe("");
  });
});
