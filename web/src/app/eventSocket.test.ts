import { afterEach, describe, expect, it, vi } from "vitest";
import { FakeWebSocket } from "../test/fakes";
import { EventSocket } from "./eventSocket";

describe("EventSocket", () => {
  let socket: EventSocket;
  afterEach(() => socket.stop());

  it("delivers parsed server events to listeners and ignores garbage", () => {
    socket = new EventSocket();
    const events: unknown[] = [];
    socket.addListener((e) => events.push(e));
    socket.start();
    const ws = FakeWebSocket.latest();
    ws.serverOpen();
    ws.serverJson({ type: "stream", stream: { id: "s1" } });
    ws.onmessage?.(new MessageEvent("message", { data: "not json" }));
    ws.serverJson({ noType: true });
    expect(events).toEqual([{ type: "stream", stream: { id: "s1" } }]);
  });

  it("subscribes once per stream, unsubscribes after the last watcher, and resubscribes after reconnect", () => {
    vi.useFakeTimers();
    socket = new EventSocket();
    socket.start();
    const first = FakeWebSocket.latest();
    const releaseA = socket.watchStream("s1"); // before open: sent on open
    first.serverOpen();
    const releaseB = socket.watchStream("s1");
    expect(first.sentJson()).toEqual([{ type: "subscribe", streamId: "s1" }]);

    first.serverClose(1006);
    expect(socket.state).toBe("reconnecting");
    vi.advanceTimersByTime(1300);
    const second = FakeWebSocket.latest();
    expect(second).not.toBe(first);
    second.serverOpen();
    expect(socket.state).toBe("open");
    expect(second.sentJson()).toEqual([{ type: "subscribe", streamId: "s1" }]);

    releaseA();
    releaseA();
    expect(second.sentJson()).toHaveLength(1);
    releaseB();
    expect(second.sentJson()).toEqual([
      { type: "subscribe", streamId: "s1" },
      { type: "unsubscribe", streamId: "s1" },
    ]);
  });

  it("subscribes to the live topic once for all lists and again after a reconnect", () => {
    vi.useFakeTimers();
    socket = new EventSocket();
    socket.start();
    const first = FakeWebSocket.latest();
    const releaseA = socket.watchLive(); // before open: sent on open
    first.serverOpen();
    const releaseB = socket.watchLive();
    expect(first.sentJson()).toEqual([{ type: "subscribe", topic: "live" }]);

    first.serverClose(1006);
    vi.advanceTimersByTime(1300);
    const second = FakeWebSocket.latest();
    second.serverOpen();
    expect(second.sentJson()).toEqual([{ type: "subscribe", topic: "live" }]);

    releaseA();
    releaseA();
    expect(second.sentJson()).toHaveLength(1);
    releaseB();
    expect(second.sentJson()).toEqual([
      { type: "subscribe", topic: "live" },
      { type: "unsubscribe", topic: "live" },
    ]);
  });

  it("waits longer after each failed attempt and stops retrying when stopped", () => {
    vi.useFakeTimers();
    socket = new EventSocket();
    socket.start();
    FakeWebSocket.latest().serverClose();
    vi.advanceTimersByTime(1300);
    expect(FakeWebSocket.instances).toHaveLength(2);
    FakeWebSocket.latest().serverClose();
    vi.advanceTimersByTime(1300);
    expect(FakeWebSocket.instances).toHaveLength(2); // second wait is ~2 s
    vi.advanceTimersByTime(1200);
    expect(FakeWebSocket.instances).toHaveLength(3);
    FakeWebSocket.latest().serverClose();
    socket.stop();
    vi.advanceTimersByTime(60_000);
    expect(FakeWebSocket.instances).toHaveLength(3);
    expect(socket.state).toBe("idle");
  });
});
