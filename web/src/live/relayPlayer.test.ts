import { afterEach, describe, expect, it, vi } from "vitest";
import {
  FakeMediaSource,
  FakeWebSocket,
  type FakeSourceBuffer,
} from "../test/fakes";
import { RelayPlayer } from "./relayPlayer";
import type { PlaybackEvents } from "./sessions";

const webm = 'video/webm; codecs="vp8,opus"';

function bytes(...values: number[]): ArrayBuffer {
  return new Uint8Array(values).buffer;
}

async function flushMicrotasks() {
  await Promise.resolve();
  await Promise.resolve();
}

function setup(events: PlaybackEvents = {}) {
  const video = document.createElement("video");
  const player = new RelayPlayer(
    video,
    "ws://localhost/live/s1/watch?token=t",
    events,
    { tickMs: 100 },
  );
  player.start();
  const socket = FakeWebSocket.latest();
  socket.serverOpen();
  return { video, player, socket };
}

async function initAndOpen(
  socket: FakeWebSocket,
  mimeType = webm,
): Promise<FakeSourceBuffer> {
  socket.serverJson({ type: "init", mimeType, status: "live" });
  await flushMicrotasks(); // the fake MediaSource opens once the element has its URL
  const buffer = FakeMediaSource.latest().sourceBuffers[0];
  if (buffer === undefined) throw new Error("no SourceBuffer");
  return buffer;
}

describe("RelayPlayer", () => {
  let player: RelayPlayer | undefined;
  afterEach(() => player?.stop());

  it("opens the watch socket for binary frames and creates a segments-mode SourceBuffer from init", async () => {
    const onStatus = vi.fn();
    const ctx = setup({ onStatus });
    player = ctx.player;
    expect(ctx.socket.url).toBe("ws://localhost/live/s1/watch?token=t");
    expect(ctx.socket.binaryType).toBe("arraybuffer");
    const buffer = await initAndOpen(ctx.socket);
    expect(buffer.mimeType).toBe(webm);
    expect(buffer.mode).toBe("segments");
    expect(onStatus).toHaveBeenCalledWith("live");
    expect(ctx.video.src).toMatch(/^blob:/);
  });

  it("plays a fragmented MP4 stream with the MIME type init names", async () => {
    const ctx = setup();
    player = ctx.player;
    const mp4 = 'video/mp4; codecs="avc1.42c01f,opus"';
    const buffer = await initAndOpen(ctx.socket, mp4);
    expect(buffer.mimeType).toBe(mp4);
    ctx.socket.serverBinary(bytes(0, 0, 0, 8));
    expect(buffer.appended).toHaveLength(1);
  });

  it("uses Apple's ManagedMediaSource where MediaSource is missing, with AirPlay off", async () => {
    vi.stubGlobal("MediaSource", undefined); // globals are restored after each test
    vi.stubGlobal("ManagedMediaSource", FakeMediaSource);
    const ctx = setup();
    player = ctx.player;
    const buffer = await initAndOpen(
      ctx.socket,
      'video/mp4; codecs="avc1.42c01f"',
    );
    expect(buffer.mode).toBe("segments");
    expect(ctx.video.disableRemotePlayback).toBe(true);
    expect(ctx.video.src).toMatch(/^blob:/);
  });

  it("says which problem it is when a stream cannot play here", () => {
    const onError = vi.fn();
    vi.spyOn(FakeMediaSource, "isTypeSupported").mockReturnValue(false);
    let ctx = setup({ onError });
    player = ctx.player;
    ctx.socket.serverJson({ type: "init", mimeType: webm, status: "live" });
    expect(onError).toHaveBeenCalledWith(
      "format",
      `This device cannot play ${webm}.`,
    );
    expect(FakeMediaSource.instances).toHaveLength(0);
    player.stop();
    vi.stubGlobal("MediaSource", undefined);
    ctx = setup({ onError });
    player = ctx.player;
    ctx.socket.serverJson({ type: "init", mimeType: webm, status: "live" });
    expect(onError).toHaveBeenLastCalledWith(
      "unsupported",
      "This browser has no Media Source Extensions.",
    );
  });

  it("appends binary frames in order, queueing while updating, and seeks to the buffered start once", async () => {
    const onPlaying = vi.fn();
    const ctx = setup({ onPlaying });
    player = ctx.player;
    // frames that arrive before the MediaSource opens are kept
    ctx.socket.serverJson({ type: "init", mimeType: webm, status: "live" });
    ctx.socket.serverBinary(bytes(1, 2));
    await flushMicrotasks();
    const buffer = FakeMediaSource.latest().sourceBuffers[0]!;
    expect(buffer.appended.map((b) => [...new Uint8Array(b)])).toEqual([
      [1, 2],
    ]);

    ctx.socket.serverBinary(bytes(3));
    ctx.socket.serverBinary(bytes(4, 5));
    expect(buffer.appended).toHaveLength(1); // still updating: queued
    buffer.finish([[12.5, 13]]);
    expect(ctx.video.currentTime).toBe(12.5);
    expect(onPlaying).toHaveBeenCalledTimes(1);
    expect(buffer.appended.map((b) => [...new Uint8Array(b)])).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);

    ctx.video.currentTime = 12.8;
    buffer.finish([[12.5, 13.2]]);
    expect(ctx.video.currentTime).toBe(12.8); // only the first append seeks
    expect(onPlaying).toHaveBeenCalledTimes(1);
  });

  it("starts over with a new MediaSource on reset and drops the old queue", async () => {
    const ctx = setup();
    player = ctx.player;
    const first = await initAndOpen(ctx.socket);
    ctx.socket.serverBinary(bytes(1));
    ctx.socket.serverBinary(bytes(2)); // queued behind the pending append
    const firstSource = FakeMediaSource.latest();

    ctx.socket.serverJson({
      type: "reset",
      mimeType: 'video/webm; codecs="vp9,opus"',
    });
    ctx.socket.serverBinary(bytes(9));
    await flushMicrotasks();
    const secondSource = FakeMediaSource.latest();
    expect(secondSource).not.toBe(firstSource);
    expect(URL.revokeObjectURL).toHaveBeenCalled();
    const second = secondSource.sourceBuffers[0]!;
    expect(second.mimeType).toBe('video/webm; codecs="vp9,opus"');
    expect(second.appended.map((b) => [...new Uint8Array(b)])).toEqual([[9]]);
    first.finish([[0, 1]]);
    expect(first.appended).toHaveLength(1); // the old buffer gets nothing more
  });

  it("reports status, viewers and ended with the reel id, and does not treat the close after ended as a loss", async () => {
    const events = {
      onStatus: vi.fn(),
      onViewers: vi.fn(),
      onEnded: vi.fn(),
      onClose: vi.fn(),
    };
    const ctx = setup(events);
    player = ctx.player;
    await initAndOpen(ctx.socket);
    ctx.socket.serverJson({ type: "status", status: "interrupted" });
    ctx.socket.serverJson({ type: "viewers", count: 7 });
    ctx.socket.serverJson({ type: "skip" });
    ctx.socket.serverJson({
      type: "ended",
      reason: "ended_by_owner",
      reelId: "r9",
    });
    ctx.socket.serverClose(1000);
    expect(events.onStatus).toHaveBeenLastCalledWith("interrupted");
    expect(events.onViewers).toHaveBeenCalledWith(7);
    expect(events.onEnded).toHaveBeenCalledWith("ended_by_owner", "r9");
    expect(events.onClose).not.toHaveBeenCalled();
  });

  it("reports an unexpected close so the caller can reconnect", () => {
    const onClose = vi.fn();
    const ctx = setup({ onClose });
    player = ctx.player;
    ctx.socket.serverClose(1006, "gone");
    expect(onClose).toHaveBeenCalledWith({ code: 1006, reason: "gone" });
  });

  it("gives up a live connection that went silent (never closed), but not a paused one", async () => {
    vi.useFakeTimers();
    try {
      const onClose = vi.fn();
      const video = document.createElement("video");
      player = new RelayPlayer(
        video,
        "ws://localhost/w",
        { onClose },
        {
          tickMs: 100,
          stallTimeoutMs: 3000,
        },
      );
      player.start();
      const socket = FakeWebSocket.latest();
      socket.serverOpen();
      socket.serverJson({ type: "init", mimeType: webm, status: "live" });
      for (let i = 0; i < 10; i += 1) {
        vi.advanceTimersByTime(1000);
        socket.serverBinary(bytes(i)); // media keeps coming: all is well
      }
      socket.serverJson({ type: "status", status: "interrupted" });
      vi.advanceTimersByTime(10_000); // the broadcaster is away: silence is expected
      expect(onClose).not.toHaveBeenCalled();

      socket.serverJson({ type: "status", status: "live" });
      vi.advanceTimersByTime(2900);
      expect(onClose).not.toHaveBeenCalled();
      vi.advanceTimersByTime(200); // live, and nothing for 3 s
      expect(onClose).toHaveBeenCalledExactlyOnceWith({ reason: "stalled" });
      expect(socket.closedByClient).toEqual({ code: 4000, reason: "stalled" });
      vi.advanceTimersByTime(10_000);
      expect(onClose).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it("says the picture is stuck after 3 s without media while live, and when it flows again", () => {
    vi.useFakeTimers();
    try {
      const onStalled = vi.fn();
      const video = document.createElement("video");
      player = new RelayPlayer(
        video,
        "ws://localhost/w",
        { onStalled },
        { tickMs: 100, stallTimeoutMs: 60_000 },
      );
      player.start();
      const socket = FakeWebSocket.latest();
      socket.serverOpen();
      socket.serverJson({ type: "init", mimeType: webm, status: "live" });
      vi.advanceTimersByTime(2900);
      expect(onStalled).not.toHaveBeenCalled();
      vi.advanceTimersByTime(200);
      expect(onStalled).toHaveBeenCalledExactlyOnceWith(true);
      vi.advanceTimersByTime(5000);
      expect(onStalled).toHaveBeenCalledTimes(1);
      socket.serverBinary(bytes(1));
      expect(onStalled).toHaveBeenLastCalledWith(false);

      socket.serverJson({ type: "status", status: "interrupted" });
      vi.advanceTimersByTime(10_000); // the relay says so itself: no stall notice
      expect(onStalled).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it("nudges the rate when slightly behind, crosses gaps, and trims buffer older than 30 s", async () => {
    vi.useFakeTimers();
    const ctx = setup();
    player = ctx.player;
    const buffer = await initAndOpen(ctx.socket);
    ctx.socket.serverBinary(bytes(1));
    buffer.finish([[0, 2]]);
    expect(ctx.video.currentTime).toBe(0);

    ctx.video.currentTime = 0.5; // 1.5 s behind
    vi.advanceTimersByTime(100);
    expect(ctx.video.playbackRate).toBe(1.1);

    buffer.ranges = [
      [0, 2],
      [3, 5],
    ]; // a gap after a skip
    ctx.video.currentTime = 1.95;
    vi.advanceTimersByTime(100);
    expect(ctx.video.currentTime).toBe(3);

    buffer.ranges = [[0, 60]];
    ctx.video.currentTime = 59.5;
    vi.advanceTimersByTime(100);
    expect(buffer.removed).toEqual([[0, 29.5]]);
    expect(ctx.video.playbackRate).toBe(1);
  });

  it("frees space and retries when the buffer is full", async () => {
    const ctx = setup();
    player = ctx.player;
    const buffer = await initAndOpen(ctx.socket);
    ctx.socket.serverBinary(bytes(1));
    buffer.finish([[0, 50]]);
    ctx.video.currentTime = 45;
    buffer.failNextAppendWith = "QuotaExceededError";
    ctx.socket.serverBinary(bytes(2));
    expect(buffer.removed).toEqual([[0, 43]]);
    buffer.finish([[43, 50]]);
    expect(buffer.appended.map((b) => [...new Uint8Array(b)])).toEqual([
      [1],
      [2],
    ]);
  });

  it("stops cleanly: closes the socket and releases the media", async () => {
    const ctx = setup();
    const buffer = await initAndOpen(ctx.socket);
    ctx.player.stop();
    expect(ctx.socket.closedByClient).toEqual({
      code: 1000,
      reason: undefined,
    });
    expect(ctx.video.getAttribute("src")).toBeNull();
    ctx.socket.serverBinary(bytes(1));
    expect(buffer.appended).toHaveLength(0);
  });
});
