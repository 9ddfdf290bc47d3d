import { describe, expect, it } from "vitest";
import { decideCatchUp, decideTrim } from "./liveCatchUp";

const base = { playbackRate: 1, seeking: false };

describe("decideCatchUp", () => {
  it("plays normally near the live edge", () => {
    expect(
      decideCatchUp({ ...base, currentTime: 9.6, ranges: [[0, 10]] }),
    ).toEqual({ playbackRate: 1, seekTo: null });
  });

  it("nudges to at most 1.1x when slightly behind, and keeps it until nearly caught up", () => {
    const behind = decideCatchUp({
      ...base,
      currentTime: 8.5,
      ranges: [[0, 10]],
    });
    expect(behind).toEqual({ playbackRate: 1.1, seekTo: null });
    expect(
      decideCatchUp({
        ...base,
        playbackRate: 1.1,
        currentTime: 9.2,
        ranges: [[0, 10]],
      }).playbackRate,
    ).toBe(1.1);
    expect(
      decideCatchUp({
        ...base,
        playbackRate: 1.1,
        currentTime: 9.6,
        ranges: [[0, 10]],
      }).playbackRate,
    ).toBe(1);
  });

  it("jumps when far behind, to the latest announced keyframe before the edge", () => {
    expect(
      decideCatchUp({
        ...base,
        currentTime: 2,
        ranges: [[0, 10]],
        keyframeTimes: [1, 5, 8, 9.95],
      }),
    ).toEqual({ playbackRate: 1, seekTo: 8 });
  });

  it("jumps to a small lag behind the edge when no keyframe is known", () => {
    expect(
      decideCatchUp({ ...base, currentTime: 2, ranges: [[0, 10]] }),
    ).toEqual({ playbackRate: 1, seekTo: 9 });
  });

  it("never seeks while a seek is pending", () => {
    expect(
      decideCatchUp({
        ...base,
        seeking: true,
        currentTime: 2,
        ranges: [[0, 10]],
      }).seekTo,
    ).toBeNull();
  });

  it("gives up a seek stuck in a range too short to show a frame and crosses the gap", () => {
    // What Chromium did (a joiner's first range 63 ms long): seeking for ever at 1 s.
    const stuck = {
      ...base,
      seeking: true,
      currentTime: 1,
      ranges: [
        [1, 1.063],
        [1.162, 32.0],
      ] as const,
    };
    expect(decideCatchUp({ ...stuck, seekingForMs: 500 }).seekTo).toBeNull();
    expect(decideCatchUp({ ...stuck, seekingForMs: 2500 }).seekTo).toBe(1.162);
  });

  it("crosses a gap left by a skip to the start of the next range", () => {
    expect(
      decideCatchUp({
        ...base,
        currentTime: 4.95,
        ranges: [
          [0, 5],
          [7, 9],
        ],
      }),
    ).toEqual({ playbackRate: 1, seekTo: 7 });
    expect(
      decideCatchUp({
        ...base,
        currentTime: 5.5,
        ranges: [
          [0, 5],
          [7, 9],
        ],
      }).seekTo,
    ).toBe(7);
  });

  it("waits when there is nothing buffered ahead", () => {
    expect(
      decideCatchUp({ ...base, currentTime: 12, ranges: [[0, 10]] }),
    ).toEqual({ playbackRate: 1, seekTo: null });
    expect(
      decideCatchUp({ ...base, currentTime: 0, ranges: [] }).seekTo,
    ).toBeNull();
  });
});

describe("decideTrim", () => {
  it("removes what is older than 30 s behind the playhead, in batches", () => {
    expect(decideTrim(35, [[0, 36]])).toBeNull();
    expect(decideTrim(45, [[0, 46]])).toEqual([0, 15]);
    expect(decideTrim(45, [])).toBeNull();
  });
});
