import { act, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Countdown } from "./Countdown";

const start = new Date("2026-12-10T18:00:00.000Z").getTime();

describe("Countdown", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(start - (15 * 60_000 + 3_000)); // 15 min 03 s to go
  });
  afterEach(() => vi.useRealTimers());

  it("ticks every second and says 'Starting any moment' once due", () => {
    render(<Countdown startsAt={new Date(start).toISOString()} />);
    const timer = screen.getByRole("timer");
    expect(timer).toHaveTextContent("Starts in 15 min 03 s");
    act(() => vi.advanceTimersByTime(1000));
    expect(timer).toHaveTextContent("Starts in 15 min 02 s");
    act(() => vi.advanceTimersByTime(15 * 60_000 + 2_000));
    expect(timer).toHaveTextContent("Starting any moment");
    // In a list, no live region.
    expect(screen.queryByRole("status")).toBeNull();
  });

  it("announces a few thresholds, not every second, and nothing at first", () => {
    render(<Countdown startsAt={new Date(start).toISOString()} announce />);
    const region = screen.getByRole("status");
    expect(region).toHaveTextContent("");
    const said: string[] = [];
    for (let i = 0; i < 15 * 60 + 5; i += 1) {
      act(() => vi.advanceTimersByTime(1000));
      const text = region.textContent ?? "";
      if (said.at(-1) !== text) said.push(text);
    }
    expect(said).toEqual([
      "",
      "Starts in less than 15 minutes.",
      "Starts in less than 10 minutes.",
      "Starts in less than 5 minutes.",
      "Starts in less than 1 minute.",
      "Starting any moment.",
    ]);
  });
});
