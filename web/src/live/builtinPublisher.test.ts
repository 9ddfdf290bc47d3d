import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Backoff } from "../lib/backoff";
import { ApiMock } from "../test/apiMock";
import {
  FakeMediaRecorder,
  FakeMediaStream,
  FakeWebSocket,
} from "../test/fakes";
import { BuiltinPublisher, maxBacklogBytes } from "./builtinPublisher";
import type { PublishEvents } from "./sessions";

const credentials = {
  backend: "builtin" as const,
  url: "ws://127.0.0.1:8080/live/s1/publish",
  token: "pub-tok",
};

function makePublisher(
  events: PublishEvents = {},
  shouldRetry?: () => Promise<boolean>,
) {
  const media = FakeMediaStream.withCameraAndMic();
  const publisher = new BuiltinPublisher(
    credentials,
    media as unknown as MediaStream,
    events,
    {
      streamId: "s1",
      shouldRetry,
      backoff: new Backoff({ initialMs: 1000, maxMs: 4000, random: () => 0.5 }),
    },
  );
  publisher.start();
  return { publisher, media };
}

describe("BuiltinPublisher", () => {
  let api: ApiMock;
  let publisher: BuiltinPublisher | undefined;
  beforeEach(() => {
    api = new ApiMock().on("POST /api/client-events", { status: 204 });
  });
  afterEach(() => publisher?.stop());

  it("connects to the publish path on the page origin with the token and records 100 ms WebM chunks", () => {
    const onConnection = vi.fn();
    const ctx = makePublisher({ onConnection });
    publisher = ctx.publisher;
    const socket = FakeWebSocket.latest();
    expect(socket.url).toBe(
      `ws://${window.location.host}/live/s1/publish?token=pub-tok`,
    );
    expect(socket.binaryType).toBe("arraybuffer");
    expect(onConnection).toHaveBeenLastCalledWith("connecting", undefined);
    expect(FakeMediaRecorder.instances).toHaveLength(0); // nothing before the socket opens

    socket.serverOpen();
    const recorder = FakeMediaRecorder.latestOrThrow();
    expect(recorder.stream).toBe(ctx.media);
    expect(recorder.options).toMatchObject({
      mimeType: "video/webm;codecs=vp8,opus",
      videoBitsPerSecond: 1_000_000,
      videoKeyFrameIntervalDuration: 1000,
    });
    expect(recorder.timeslice).toBe(100);
    expect(onConnection).toHaveBeenLastCalledWith("connected", undefined);

    const chunk = new Blob([new Uint8Array([1, 2, 3])]);
    recorder.emitData(chunk);
    recorder.emitData(new Blob([])); // empty chunks are not sent
    expect(socket.sent).toEqual([chunk]);
  });

  it("records H.264 in MP4 where the browser can: AAC on Safari, Opus on Chromium", () => {
    FakeMediaRecorder.supported = new Set([
      "video/webm;codecs=vp8,opus",
      'video/mp4;codecs="avc1.42E01F,opus"',
    ]);
    publisher = makePublisher().publisher;
    FakeWebSocket.latest().serverOpen();
    expect(FakeMediaRecorder.latestOrThrow().options.mimeType).toBe(
      'video/mp4;codecs="avc1.42E01F,opus"',
    );
    publisher.stop();
    FakeMediaRecorder.supported = new Set([
      'video/mp4;codecs="avc1.42E01F,mp4a.40.2"',
      'video/mp4;codecs="avc1.42E01F,opus"',
    ]);
    publisher = makePublisher().publisher;
    FakeWebSocket.latest().serverOpen();
    expect(FakeMediaRecorder.latestOrThrow().options.mimeType).toBe(
      'video/mp4;codecs="avc1.42E01F,mp4a.40.2"',
    );
  });

  it("falls back to VP9 when VP8 cannot be recorded", () => {
    FakeMediaRecorder.supported = new Set(["video/webm;codecs=vp9,opus"]);
    publisher = makePublisher().publisher;
    FakeWebSocket.latest().serverOpen();
    expect(FakeMediaRecorder.latestOrThrow().options.mimeType).toBe(
      "video/webm;codecs=vp9,opus",
    );
  });

  it("passes status, viewers and errors from the relay on", () => {
    const events = { onStatus: vi.fn(), onViewers: vi.fn(), onError: vi.fn() };
    publisher = makePublisher(events).publisher;
    const socket = FakeWebSocket.latest();
    socket.serverOpen();
    socket.serverJson({ type: "status", status: "live" });
    socket.serverJson({ type: "viewers", count: 12 });
    socket.serverJson({
      type: "error",
      code: "bad_media",
      message: "not webm",
    });
    expect(events.onStatus).toHaveBeenCalledWith("live");
    expect(events.onViewers).toHaveBeenCalledWith(12);
    expect(events.onError).toHaveBeenCalledWith("bad_media", "not webm");
    expect(api.callsTo("POST /api/client-events")[0]?.body).toMatchObject({
      streamId: "s1",
      kind: "publish_error",
    });
  });

  it("reconnects after a drop with backoff and a NEW MediaRecorder", () => {
    vi.useFakeTimers();
    const onConnection = vi.fn();
    publisher = makePublisher({ onConnection }).publisher;
    const first = FakeWebSocket.latest();
    first.serverOpen();
    const firstRecorder = FakeMediaRecorder.latestOrThrow();

    first.serverClose(1006);
    expect(firstRecorder.state).toBe("inactive");
    expect(onConnection).toHaveBeenLastCalledWith("reconnecting", undefined);
    vi.advanceTimersByTime(999);
    expect(FakeWebSocket.instances).toHaveLength(1);
    vi.advanceTimersByTime(1);
    const second = FakeWebSocket.latest();
    expect(second).not.toBe(first);
    expect(second.url).toContain("token=pub-tok");
    second.serverOpen();
    const secondRecorder = FakeMediaRecorder.latestOrThrow();
    expect(secondRecorder).not.toBe(firstRecorder);
    expect(secondRecorder.state).toBe("recording");
    expect(onConnection).toHaveBeenLastCalledWith("connected", undefined);
    // a late chunk of the old recorder must not reach the new socket
    firstRecorder.emitData(new Blob([new Uint8Array([9])]));
    expect(second.sent).toHaveLength(0);
    expect(api.callsTo("POST /api/client-events")[0]?.body).toMatchObject({
      kind: "reconnect",
    });
  });

  it("waits longer after repeated failures and stops when the stream has ended", async () => {
    vi.useFakeTimers();
    const shouldRetry = vi.fn(() => Promise.resolve(false));
    const onEnded = vi.fn();
    publisher = makePublisher({ onEnded }, shouldRetry).publisher;
    FakeWebSocket.latest().serverClose(1006);
    vi.advanceTimersByTime(1000);
    expect(FakeWebSocket.instances).toHaveLength(2);
    FakeWebSocket.latest().serverClose(1006);
    await vi.advanceTimersByTimeAsync(1999);
    expect(shouldRetry).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(shouldRetry).toHaveBeenCalledTimes(1);
    expect(FakeWebSocket.instances).toHaveLength(2);
    expect(onEnded).toHaveBeenCalledWith("ended");
  });

  it("gives up when the relay rejects the token", () => {
    const onConnection = vi.fn();
    publisher = makePublisher({ onConnection }).publisher;
    const socket = FakeWebSocket.latest();
    socket.serverOpen();
    socket.serverJson({
      type: "error",
      code: "forbidden",
      message: "bad token",
    });
    socket.serverClose(1008, "bad token");
    expect(onConnection).toHaveBeenLastCalledWith("failed", "bad token");
  });

  it("stops on an ended message and never reconnects", () => {
    vi.useFakeTimers();
    const onEnded = vi.fn();
    publisher = makePublisher({ onEnded }).publisher;
    const socket = FakeWebSocket.latest();
    socket.serverOpen();
    socket.serverJson({ type: "ended", reason: "admin" });
    socket.serverClose(1000);
    vi.advanceTimersByTime(60_000);
    expect(onEnded).toHaveBeenCalledWith("admin");
    expect(FakeWebSocket.instances).toHaveLength(1);
    expect(FakeMediaRecorder.latestOrThrow().state).toBe("inactive");
  });

  it("mutes and hides by toggling track.enabled, leaving the tracks running", () => {
    const ctx = makePublisher();
    publisher = ctx.publisher;
    ctx.publisher.setAudioEnabled(false);
    ctx.publisher.setVideoEnabled(false);
    expect(ctx.media.getAudioTracks()[0]?.enabled).toBe(false);
    expect(ctx.media.getVideoTracks()[0]?.enabled).toBe(false);
    ctx.publisher.setAudioEnabled(true);
    expect(ctx.media.getAudioTracks()[0]?.enabled).toBe(true);
    ctx.publisher.stop();
    expect(ctx.media.getTracks().every((t) => t.readyState === "live")).toBe(
      true,
    );
  });

  it("reports the outgoing bitrate each second and a stalled upload within 3 s", () => {
    vi.useFakeTimers();
    const onHealth = vi.fn();
    publisher = makePublisher({ onHealth }).publisher;
    const socket = FakeWebSocket.latest();
    socket.serverOpen();
    const recorder = FakeMediaRecorder.latestOrThrow();
    const second = (bytes: number, buffered: number) => {
      recorder.emitData(new Blob([new Uint8Array(bytes)]));
      socket.bufferedAmount = buffered;
      vi.advanceTimersByTime(1000);
    };
    second(100_000, 0);
    expect(onHealth).toHaveBeenLastCalledWith({
      bitrateKbps: 800,
      struggling: false,
      droppedBytes: 0,
      droppedChunks: 0,
    });
    // The link stalls: everything recorded stays in the socket.
    second(100_000, 100_000);
    expect(onHealth).toHaveBeenLastCalledWith(
      expect.objectContaining({ struggling: true }),
    );
    expect(onHealth).toHaveBeenCalledTimes(2);
  });

  it("drops a hopeless backlog, counts it and starts a fresh connection", () => {
    const onHealth = vi.fn();
    vi.useFakeTimers();
    publisher = makePublisher({ onHealth }).publisher;
    const first = FakeWebSocket.latest();
    first.serverOpen();
    first.bufferedAmount = maxBacklogBytes + 1;
    FakeMediaRecorder.latestOrThrow().emitData(
      new Blob([new Uint8Array(1000)]),
    );
    expect(first.sent).toHaveLength(0);
    expect(first.closedByClient).not.toBeNull();
    const second = FakeWebSocket.latest();
    expect(second).not.toBe(first);
    second.serverOpen();
    vi.advanceTimersByTime(1000);
    expect(onHealth).toHaveBeenLastCalledWith(
      expect.objectContaining({
        droppedBytes: maxBacklogBytes + 1 + 1000,
        droppedChunks: 1,
      }),
    );
    expect(api.callsTo("POST /api/client-events")[0]?.body).toMatchObject({
      kind: "publish_error",
    });
  });

  it("sends its reports where it is told", () => {
    const report = vi.fn();
    const publisher2 = new BuiltinPublisher(
      credentials,
      FakeMediaStream.withCameraAndMic() as unknown as MediaStream,
      {},
      { streamId: "s1", report },
    );
    publisher = publisher2;
    publisher2.start();
    FakeWebSocket.latest().serverOpen();
    FakeWebSocket.latest().serverClose(1006);
    expect(report).toHaveBeenCalledWith(
      expect.objectContaining({ streamId: "s1", kind: "reconnect" }),
    );
    expect(api.callsTo("POST /api/client-events")).toHaveLength(0);
  });
});
