import { act, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiMock } from "../test/apiMock";
import {
  probeDeadlineMs,
  probeIntervalMs,
  useServerAnswering,
} from "./serverAnswering";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("useServerAnswering", () => {
  it("asks /healthz about once a second while active, one question at a time", async () => {
    const api = new ApiMock().on("GET /healthz", {
      status: 200,
      body: { status: "ok" },
    });
    const { result, rerender } = renderHook(
      ({ active }) => useServerAnswering(active),
      { initialProps: { active: true } },
    );
    await act(() => vi.advanceTimersByTimeAsync(3 * probeIntervalMs + 10));
    expect(result.current).toBe(true);
    expect(api.callsTo("GET /healthz")).toHaveLength(4);
    rerender({ active: false });
    await act(() => vi.advanceTimersByTimeAsync(5 * probeIntervalMs));
    expect(api.callsTo("GET /healthz")).toHaveLength(4);
  });

  it("says false once a question goes unanswered for 2 s, and true with the next answer", async () => {
    let answer: (value: unknown) => void = () => undefined;
    const hung = new Promise((resolve) => {
      answer = resolve;
    });
    const api = new ApiMock().on(
      "GET /healthz",
      { status: 200, body: { status: "ok" } },
      { status: 200, body: { status: "ok" }, after: hung },
      { status: 200, body: { status: "ok" } },
    );
    const { result } = renderHook(() => useServerAnswering(true));
    await act(() => vi.advanceTimersByTimeAsync(probeIntervalMs + 10));
    expect(api.callsTo("GET /healthz")).toHaveLength(2); // the second hangs
    await act(() => vi.advanceTimersByTimeAsync(probeDeadlineMs - 50));
    expect(result.current).toBe(true);
    await act(() => vi.advanceTimersByTimeAsync(100));
    expect(result.current).toBe(false);
    // Still the one question in flight, however long it takes.
    await act(() => vi.advanceTimersByTimeAsync(5000));
    expect(api.callsTo("GET /healthz")).toHaveLength(2);
    answer(undefined);
    await act(() => vi.advanceTimersByTimeAsync(10));
    expect(result.current).toBe(true);
  });

  it("counts any HTTP answer as an answer, and a failed request as none", async () => {
    new ApiMock().on(
      "GET /healthz",
      { status: 503, body: { error: { code: "server_busy", message: "" } } },
      "network_error",
    );
    const { result } = renderHook(() => useServerAnswering(true));
    await act(() => vi.advanceTimersByTimeAsync(10));
    expect(result.current).toBe(true);
    await act(() => vi.advanceTimersByTimeAsync(probeIntervalMs));
    expect(result.current).toBe(false);
  });
});
