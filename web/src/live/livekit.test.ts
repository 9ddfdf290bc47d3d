import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeMediaStream } from "../test/fakes";

// livekit-client is replaced at the module boundary: these tests check how onair drives it.
const rooms: FakeRoom[] = [];
let nextConnectError: Error | null = null;

class FakeRoom {
  options: unknown;
  handlers = new Map<string, Array<(...args: unknown[]) => void>>();
  remoteParticipants = new Map<string, unknown>();
  connect = vi.fn((_url: string, _token: string) => {
    const error = nextConnectError;
    nextConnectError = null;
    return error === null ? Promise.resolve() : Promise.reject(error);
  });
  disconnect = vi.fn(() => Promise.resolve());
  audioPublication = {
    mute: vi.fn(() => Promise.resolve()),
    unmute: vi.fn(() => Promise.resolve()),
  };
  localParticipant = {
    publishTrack: vi.fn((_track: unknown, _options: unknown) =>
      Promise.resolve({}),
    ),
    audioTrackPublications: new Map([["a", this.audioPublication]]),
    videoTrackPublications: new Map(),
  };
  constructor(options: unknown) {
    this.options = options;
    rooms.push(this);
  }
  on(event: string, handler: (...args: unknown[]) => void) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
    return this;
  }
  removeAllListeners() {
    this.handlers.clear();
    return this;
  }
  emit(event: string, ...args: unknown[]) {
    for (const handler of this.handlers.get(event) ?? []) handler(...args);
  }
}

vi.mock("livekit-client", () => ({
  Room: FakeRoom,
  RoomEvent: {
    Reconnecting: "reconnecting",
    Reconnected: "reconnected",
    Disconnected: "disconnected",
    ParticipantConnected: "participantConnected",
    ParticipantDisconnected: "participantDisconnected",
    TrackSubscribed: "trackSubscribed",
    TrackUnsubscribed: "trackUnsubscribed",
    ConnectionQualityChanged: "connectionQualityChanged",
  },
  ConnectionQuality: { Excellent: "excellent", Poor: "poor", Lost: "lost" },
  Track: {
    Kind: { Audio: "audio", Video: "video" },
    Source: { Camera: "camera", Microphone: "microphone" },
  },
}));

const { LiveKitPublisher, LiveKitViewer } = await import("./livekit");
const credentials = {
  backend: "livekit" as const,
  url: "wss://livekit.example",
  token: "lk-token",
};

async function settle() {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
}

describe("LiveKit mode", () => {
  beforeEach(() => {
    rooms.length = 0;
    vi.stubGlobal(
      "fetch",
      vi.fn(() => Promise.resolve(new Response(null, { status: 204 }))),
    );
  });
  afterEach(() => vi.useRealTimers());

  it("publisher connects with the given URL and token and publishes camera and microphone", async () => {
    const media = FakeMediaStream.withCameraAndMic();
    const onConnection = vi.fn();
    const publisher = new LiveKitPublisher(
      credentials,
      media as unknown as MediaStream,
      { onConnection },
    );
    publisher.start();
    await settle();
    const room = rooms[0]!;
    expect(room.connect).toHaveBeenCalledWith(
      "wss://livekit.example",
      "lk-token",
    );
    expect(room.localParticipant.publishTrack.mock.calls).toEqual([
      [media.getVideoTracks()[0], { source: "camera" }],
      [media.getAudioTracks()[0], { source: "microphone" }],
    ]);
    expect(onConnection).toHaveBeenLastCalledWith("connected");

    publisher.setAudioEnabled(false);
    expect(room.audioPublication.mute).toHaveBeenCalled();
    expect(media.getAudioTracks()[0]?.enabled).toBe(false);

    publisher.stop();
    expect(room.disconnect).toHaveBeenCalledWith(false);
  });

  it("publisher reports a poor link of its own as struggling", async () => {
    const onHealth = vi.fn();
    const publisher = new LiveKitPublisher(
      credentials,
      FakeMediaStream.withCameraAndMic() as unknown as MediaStream,
      { onHealth },
    );
    publisher.start();
    await settle();
    const room = rooms[0]!;
    room.emit("connectionQualityChanged", "poor", { identity: "viewer" });
    expect(onHealth).not.toHaveBeenCalled();
    room.emit("connectionQualityChanged", "poor", room.localParticipant);
    expect(onHealth).toHaveBeenLastCalledWith({
      bitrateKbps: null,
      droppedBytes: 0,
      droppedChunks: 0,
      struggling: true,
    });
    room.emit("connectionQualityChanged", "excellent", room.localParticipant);
    expect(onHealth).toHaveBeenLastCalledWith(
      expect.objectContaining({ struggling: false }),
    );
    publisher.stop();
  });

  it("publisher connects again with a new room after an unexpected disconnect", async () => {
    vi.useFakeTimers();
    const onConnection = vi.fn();
    const publisher = new LiveKitPublisher(
      credentials,
      FakeMediaStream.withCameraAndMic() as unknown as MediaStream,
      {
        onConnection,
      },
    );
    publisher.start();
    await settle();
    rooms[0]!.emit("disconnected");
    expect(onConnection).toHaveBeenLastCalledWith("reconnecting");
    await vi.advanceTimersByTimeAsync(1300);
    expect(rooms).toHaveLength(2);
    expect(rooms[1]!.connect).toHaveBeenCalledWith(
      "wss://livekit.example",
      "lk-token",
    );
    publisher.stop();
  });

  it("viewer connects with its credentials and attaches subscribed tracks to the video element", async () => {
    const video = document.createElement("video");
    const events = { onOpen: vi.fn(), onPlaying: vi.fn(), onClose: vi.fn() };
    const viewer = new LiveKitViewer(credentials, video, events);
    viewer.start();
    await settle();
    const room = rooms[0]!;
    expect(room.connect).toHaveBeenCalledWith(
      "wss://livekit.example",
      "lk-token",
    );
    expect(events.onOpen).toHaveBeenCalled();

    const videoTrack = { kind: "video", attach: vi.fn(), detach: vi.fn() };
    const audioTrack = { kind: "audio", attach: vi.fn(), detach: vi.fn() };
    room.emit("trackSubscribed", videoTrack);
    room.emit("trackSubscribed", audioTrack);
    expect(videoTrack.attach).toHaveBeenCalledWith(video);
    expect(audioTrack.attach).toHaveBeenCalledWith(video);
    expect(events.onPlaying).toHaveBeenCalledTimes(1);

    room.emit("disconnected");
    expect(events.onClose).toHaveBeenCalled();
    viewer.stop();
    expect(room.disconnect).toHaveBeenCalled();
  });

  it("viewer reports a failed connection as a loss so the page can re-join", async () => {
    const onClose = vi.fn();
    const onError = vi.fn();
    nextConnectError = new Error("token expired");
    const viewer = new LiveKitViewer(
      credentials,
      document.createElement("video"),
      { onClose, onError },
    );
    viewer.start();
    await settle();
    expect(onError).toHaveBeenCalledWith("server", "token expired");
    expect(onClose).toHaveBeenCalledWith({ reason: "livekit connect failed" });
    viewer.stop();
  });
});
