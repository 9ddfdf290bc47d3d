import { describe, expect, it } from "vitest";
import { Backoff } from "./backoff";

describe("Backoff", () => {
  it("doubles from the initial delay up to the cap", () => {
    const backoff = new Backoff({
      initialMs: 100,
      maxMs: 700,
      random: () => 0.5,
    });
    expect([
      backoff.next(),
      backoff.next(),
      backoff.next(),
      backoff.next(),
      backoff.next(),
    ]).toEqual([100, 200, 400, 700, 700]);
    expect(backoff.attempts).toBe(5);
  });

  it("adds at most 20 % jitter and never exceeds the cap", () => {
    expect(new Backoff({ initialMs: 1000, random: () => 0 }).next()).toBe(800);
    expect(
      new Backoff({ initialMs: 1000, random: () => 0.999999 }).next(),
    ).toBe(1200);
    expect(
      new Backoff({
        initialMs: 1000,
        maxMs: 1000,
        random: () => 0.999999,
      }).next(),
    ).toBe(1000);
  });

  it("starts over after reset", () => {
    const backoff = new Backoff({ initialMs: 100, random: () => 0.5 });
    backoff.next();
    backoff.next();
    backoff.reset();
    expect(backoff.next()).toBe(100);
  });
});
