import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ApiMock, makeStream, makeUser, mockSignedIn } from "../test/apiMock";
import {
  FakeMediaRecorder,
  FakeMediaStream,
  FakeWebSocket,
} from "../test/fakes";
import { renderWithApp } from "../test/render";
import { handOffBroadcast } from "./broadcastHandoff";
import { notAnsweringLabel } from "./broadcastHealth";
import { LiveStreamBroadcaster } from "./LiveStreamBroadcaster";

const livekit = vi.hoisted(() => ({
  connect: vi.fn((_url: string, _token: string) => Promise.resolve()),
  publishTrack: vi.fn((_track: unknown, _options: unknown) =>
    Promise.resolve({}),
  ),
}));
vi.mock("livekit-client", () => ({
  Room: class {
    remoteParticipants = new Map();
    localParticipant = {
      publishTrack: livekit.publishTrack,
      audioTrackPublications: new Map(),
      videoTrackPublications: new Map(),
    };
    connect = livekit.connect;
    disconnect = vi.fn(() => Promise.resolve());
    on() {
      return this;
    }
    removeAllListeners() {
      return this;
    }
  },
  RoomEvent: {},
  Track: {
    Kind: { Audio: "audio", Video: "video" },
    Source: { Camera: "camera", Microphone: "microphone" },
  },
}));

const me = makeUser({ id: "u1", handle: "alice" });
const publish = {
  backend: "builtin" as const,
  url: "ws://127.0.0.1:8080/live/s1/publish",
  token: "pub",
};
const myStream = makeStream({
  id: "s1",
  author: me,
  status: "created",
  startedAt: null,
  viewerCount: 0,
});

function publisherSocket(): FakeWebSocket {
  const socket = FakeWebSocket.instances.find((s) =>
    s.url.includes("/live/s1/publish"),
  );
  if (socket === undefined) throw new Error("no publisher socket");
  return socket;
}

const chatLine = {
  id: "1",
  streamId: "s1",
  author: makeUser({ id: "u3", handle: "carol", displayName: "Carol" }),
  text: "first!",
  createdAt: "2026-11-24T10:00:10.000Z",
};

/** Hands this tab a camera and the publishing key for s1, which the server reports live. */
function handOffLiveStream(
  media = FakeMediaStream.withCameraAndMic(),
): ApiMock {
  handOffBroadcast("s1", publish, media as unknown as MediaStream);
  return new ApiMock().on("GET /api/live-streams/s1", {
    status: 200,
    body: { stream: { ...myStream, status: "live" } },
  });
}

function renderBroadcaster(api: ApiMock) {
  mockSignedIn(api, me)
    .on("POST /api/client-events", { status: 204 })
    .on("GET /api/live-streams/s1/chat", {
      status: 200,
      body: { items: [chatLine] },
    });
  return renderWithApp(<LiveStreamBroadcaster />, {
    route: "/live/s1/broadcast",
    path: "/live/:id/broadcast",
  });
}

describe("LiveStreamBroadcaster", () => {
  it("publishes the handed-over camera to the relay and follows status and viewers", async () => {
    const media = FakeMediaStream.withCameraAndMic();
    handOffBroadcast("s1", publish, media as unknown as MediaStream);
    const api = new ApiMock().on(
      "GET /api/live-streams/s1",
      { status: 200, body: { stream: myStream } },
      {
        status: 200,
        body: {
          stream: {
            ...myStream,
            status: "live",
            startedAt: new Date().toISOString(),
          },
        },
      },
    );
    api.on("PUT /api/live-streams/s1/state", {
      status: 200,
      body: { stream: { ...myStream, status: "live" } },
    });
    renderBroadcaster(api);
    await screen.findByRole("heading", { name: "Morning run" });
    await waitFor(() => expect(() => publisherSocket()).not.toThrow());
    const socket = publisherSocket();
    expect(socket.url).toBe(
      `ws://${window.location.host}/live/s1/publish?token=pub`,
    );
    expect(
      screen.getByRole("status", { name: "Connection: Connecting…" }),
    ).toBeInTheDocument();

    act(() => socket.serverOpen());
    expect(FakeMediaRecorder.latestOrThrow().stream).toBe(media);
    act(() => socket.serverJson({ type: "status", status: "live" }));
    act(() => socket.serverJson({ type: "viewers", count: 9 }));
    expect(
      screen.getByRole("status", { name: "Connection: Live" }),
    ).toBeInTheDocument();
    expect(screen.getByLabelText("9 viewers")).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByLabelText("Elapsed time")).toHaveTextContent(
        /^0:0\d$/,
      ),
    );

    await userEvent.click(screen.getByRole("button", { name: "Mute" }));
    expect(media.getAudioTracks()[0]?.enabled).toBe(false);
    await userEvent.click(screen.getByRole("button", { name: "Camera off" }));
    expect(media.getVideoTracks()[0]?.enabled).toBe(false);
  });

  it("shows reconnecting after a drop and reconnects with a new recorder on demand", async () => {
    const api = handOffLiveStream();
    renderBroadcaster(api);
    await waitFor(() => expect(() => publisherSocket()).not.toThrow());
    const first = publisherSocket();
    act(() => first.serverOpen());
    const firstRecorder = FakeMediaRecorder.latestOrThrow();
    act(() => first.serverClose(1006));
    expect(
      screen.getByRole("status", { name: /reconnecting/ }),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole("button", { name: "Reconnect now" }),
    );
    const second = FakeWebSocket.instances
      .filter((s) => s.url.includes("/publish"))
      .at(-1)!;
    expect(second).not.toBe(first);
    act(() => second.serverOpen());
    expect(FakeMediaRecorder.latestOrThrow()).not.toBe(firstRecorder);
    expect(
      screen.getByRole("status", { name: "Connection: Live" }),
    ).toBeInTheDocument();
  });

  it("warns over the preview, not Live, while the server does not answer, and recovers", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      let answer: (value: unknown) => void = () => undefined;
      const hung = new Promise((resolve) => {
        answer = resolve;
      });
      const api = handOffLiveStream().on(
        "GET /healthz",
        { status: 200, body: { status: "ok" } },
        { status: 200, body: { status: "ok" }, after: hung },
        { status: 200, body: { status: "ok" } },
      );
      renderBroadcaster(api);
      await waitFor(() => expect(() => publisherSocket()).not.toThrow());
      act(() => publisherSocket().serverOpen());
      act(() =>
        publisherSocket().serverJson({ type: "status", status: "live" }),
      );
      expect(
        screen.getByRole("status", { name: "Connection: Live" }),
      ).toBeInTheDocument();
      expect(screen.queryByText(notAnsweringLabel)).not.toBeInTheDocument();
      // The second question hangs: 1 s until it goes out, 2 s without an answer.
      await act(() => vi.advanceTimersByTimeAsync(3100));
      expect(
        screen.getByRole("status", {
          name: `Connection: ${notAnsweringLabel}`,
        }),
      ).toBeInTheDocument();
      expect(
        screen.getByText(notAnsweringLabel, { selector: ".health-banner" }),
      ).toBeInTheDocument();
      answer(undefined);
      await act(() => vi.advanceTimersByTimeAsync(50));
      expect(
        screen.getByRole("status", { name: "Connection: Live" }),
      ).toBeInTheDocument();
      expect(screen.queryByText(notAnsweringLabel)).not.toBeInTheDocument();
    } finally {
      vi.useRealTimers();
    }
  });

  it("asks for the camera again after a reload (no handed-over stream) and then publishes", async () => {
    sessionStorage.setItem("onair.publish.s1", JSON.stringify(publish));
    const api = new ApiMock().on("GET /api/live-streams/s1", {
      status: 200,
      body: { stream: myStream },
    });
    renderBroadcaster(api);
    await userEvent.click(
      await screen.findByRole("button", {
        name: "Allow camera and microphone",
      }),
    );
    await waitFor(() => expect(() => publisherSocket()).not.toThrow());
  });

  it("ends the stream, stops publishing and releases the camera", async () => {
    const user = userEvent.setup();
    const media = FakeMediaStream.withCameraAndMic();
    const api = handOffLiveStream(media).on("POST /api/live-streams/s1/end", {
      status: 200,
      body: {
        stream: { ...myStream, status: "ended", recording: "recording" },
        reel: null,
      },
    });
    renderBroadcaster(api);
    await waitFor(() => expect(() => publisherSocket()).not.toThrow());
    act(() => publisherSocket().serverOpen());
    await user.click(screen.getByRole("button", { name: "End stream" }));
    await user.click(
      within(screen.getByRole("dialog")).getByRole("button", {
        name: "End stream",
      }),
    );
    expect(
      await screen.findByText(/Your recording is processing/),
    ).toBeInTheDocument();
    expect(publisherSocket().closedByClient).not.toBeNull();
    expect(FakeMediaRecorder.latestOrThrow().state).toBe("inactive");
    expect(media.getTracks().every((t) => t.readyState === "ended")).toBe(true);
    expect(sessionStorage.getItem("onair.publish.s1")).toBeNull();
  });

  it("shows its own end summary when the relay announces the end before the end request answers", async () => {
    const user = userEvent.setup();
    let answer = () => {};
    const answered = new Promise<void>((resolve) => {
      answer = resolve;
    });
    const api = handOffLiveStream().on("POST /api/live-streams/s1/end", {
      status: 200,
      body: {
        stream: { ...myStream, status: "ended", recording: "discarded" },
        reel: null,
      },
      after: answered,
    });
    renderBroadcaster(api);
    await waitFor(() => expect(() => publisherSocket()).not.toThrow());
    const socket = publisherSocket();
    act(() => socket.serverOpen());
    await user.click(screen.getByRole("button", { name: "End stream" }));
    await user.click(
      within(screen.getByRole("dialog")).getByRole("radio", {
        name: "Discard it",
      }),
    );
    await user.click(
      within(screen.getByRole("dialog")).getByRole("button", {
        name: "End stream",
      }),
    );
    // The server ends the relay session before its HTTP answer is read.
    act(() => {
      socket.serverJson({ type: "status", status: "ended" });
      socket.serverJson({ type: "ended", reason: "ended_by_owner" });
    });
    expect(
      screen.queryByText(/This live stream has ended/),
    ).not.toBeInTheDocument();
    await act(async () => {
      answer();
      await answered;
    });
    expect(
      await screen.findByText("The recording was discarded."),
    ).toBeInTheDocument();
    expect(
      screen.getByRole("heading", { name: "Stream ended" }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole("button", { name: "End stream" }),
    ).not.toBeInTheDocument();
  });

  it("shows the end when the stream is ended elsewhere (e.g. by an admin)", async () => {
    const api = handOffLiveStream();
    renderBroadcaster(api);
    await waitFor(() => expect(() => publisherSocket()).not.toThrow());
    const socket = publisherSocket();
    act(() => socket.serverOpen());
    act(() => socket.serverJson({ type: "ended", reason: "admin" }));
    expect(
      await screen.findByRole("heading", { name: "Stream ended" }),
    ).toBeInTheDocument();
  });

  it("publishes through LiveKit with the given credentials in livekit mode", async () => {
    const media = FakeMediaStream.withCameraAndMic();
    handOffBroadcast(
      "s1",
      { backend: "livekit", url: "wss://sfu.example", token: "lk-pub" },
      media as unknown as MediaStream,
    );
    const api = new ApiMock().on("GET /api/live-streams/s1", {
      status: 200,
      body: { stream: myStream },
    });
    renderBroadcaster(api);
    await waitFor(() =>
      expect(livekit.connect).toHaveBeenCalledWith(
        "wss://sfu.example",
        "lk-pub",
      ),
    );
    await waitFor(() => expect(livekit.publishTrack).toHaveBeenCalledTimes(2));
    expect(
      await screen.findByRole("status", { name: "Connection: Starting…" }),
    ).toBeInTheDocument();
    expect(
      FakeWebSocket.instances.some((s) => s.url.includes("/publish")),
    ).toBe(false);
  });

  it("explains when the page has no publishing key", async () => {
    const api = new ApiMock().on("GET /api/live-streams/s1", {
      status: 200,
      body: { stream: myStream },
    });
    renderBroadcaster(api);
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "does not have the publishing key",
    );
    expect(
      screen.getByRole("button", { name: "End stream" }),
    ).toBeInTheDocument();
    expect(
      FakeWebSocket.instances.some((s) => s.url.includes("/publish")),
    ).toBe(false);
  });

  it("shows the chat beside the broadcast, where the owner moderates from a message's menu", async () => {
    const user = userEvent.setup();
    const api = handOffLiveStream().on("DELETE /api/live-streams/s1/chat/1", {
      status: 204,
    });
    renderBroadcaster(api);
    const log = await screen.findByRole("log", { name: "Chat messages" });
    expect(await within(log).findByText("first!")).toBeInTheDocument();
    expect(
      screen.getByRole("group", { name: "Reactions" }),
    ).toBeInTheDocument();
    await user.click(
      screen.getByRole("button", { name: "More actions for Carol's message" }),
    );
    await user.click(screen.getByRole("menuitem", { name: "Remove message" }));
    expect(within(log).queryByText("first!")).toBeNull();
    await waitFor(() =>
      expect(api.callsTo("DELETE /api/live-streams/s1/chat/1")).toHaveLength(1),
    );
  });

  it("keeps the chat history after ending, with 'Chat has ended'", async () => {
    const user = userEvent.setup();
    const api = handOffLiveStream().on("POST /api/live-streams/s1/end", {
      status: 200,
      body: {
        stream: { ...myStream, status: "ended", recording: "discarded" },
        reel: null,
      },
    });
    renderBroadcaster(api);
    await screen.findByText("first!");
    expect(
      screen.getByRole("textbox", { name: "Chat message" }),
    ).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "End stream" }));
    await user.click(
      within(screen.getByRole("dialog")).getByRole("button", {
        name: "End stream",
      }),
    );
    expect(
      await screen.findByText("The recording was discarded."),
    ).toBeInTheDocument();
    expect(screen.getByText("Chat has ended")).toBeInTheDocument();
    expect(screen.getByText("first!")).toBeInTheDocument();
    expect(screen.queryByRole("textbox", { name: "Chat message" })).toBeNull();
    expect(screen.queryByRole("group", { name: "Reactions" })).toBeNull();
    expect(api.callsTo("GET /api/live-streams/s1/chat")).toHaveLength(1);
  });

  it("keeps the chat when the stream is ended elsewhere", async () => {
    const api = handOffLiveStream();
    renderBroadcaster(api);
    await screen.findByText("first!");
    await waitFor(() => expect(() => publisherSocket()).not.toThrow());
    act(() => publisherSocket().serverOpen());
    act(() => publisherSocket().serverJson({ type: "ended", reason: "admin" }));
    expect(
      await screen.findByRole("heading", { name: "Stream ended" }),
    ).toBeInTheDocument();
    expect(screen.getByText("Chat has ended")).toBeInTheDocument();
    expect(screen.getByText("first!")).toBeInTheDocument();
    expect(api.callsTo("GET /api/live-streams/s1/chat")).toHaveLength(1);
  });

  it("refuses to broadcast someone else’s stream", async () => {
    const api = new ApiMock().on("GET /api/live-streams/s1", {
      status: 200,
      body: {
        stream: makeStream({
          id: "s1",
          author: makeUser({ id: "u9", handle: "zed" }),
        }),
      },
    });
    renderBroadcaster(api);
    expect(
      await screen.findByText("Only @zed can broadcast this stream."),
    ).toBeInTheDocument();
    expect(
      screen.getByRole("link", { name: "Watch it instead" }),
    ).toHaveAttribute("href", "/live/s1");
  });

  it("tells viewers when the camera or microphone is paused and shows the creator's placeholder", async () => {
    const api = handOffLiveStream().on(
      "PUT /api/live-streams/s1/state",
      {
        status: 200,
        body: { stream: { ...myStream, status: "live", cameraOn: false } },
      },
      {
        status: 200,
        body: {
          stream: {
            ...myStream,
            status: "live",
            cameraOn: false,
            microphoneOn: false,
          },
        },
      },
    );
    renderBroadcaster(api);
    await userEvent.click(
      await screen.findByRole("button", { name: "Camera off" }),
    );
    expect(screen.getByText("Camera paused")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Mute" }));
    expect(screen.getByText("Muted")).toBeInTheDocument();
    await waitFor(() =>
      expect(
        api.callsTo("PUT /api/live-streams/s1/state").map((c) => c.body),
      ).toEqual([{ cameraOn: false }, { microphoneOn: false }]),
    );
    await userEvent.click(screen.getByRole("button", { name: "Camera on" }));
    expect(screen.queryByText("Camera paused")).toBeNull();
  });

  it("warns within 3 s that the upload has stalled", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const api = handOffLiveStream();
    renderBroadcaster(api);
    await waitFor(() => expect(() => publisherSocket()).not.toThrow());
    const socket = publisherSocket();
    act(() => {
      socket.serverOpen();
      socket.serverJson({ type: "status", status: "live" });
    });
    const recorder = FakeMediaRecorder.latestOrThrow();
    act(() => {
      recorder.emitData(new Blob([new Uint8Array(100_000)]));
      socket.bufferedAmount = 100_000;
    });
    await act(() => vi.advanceTimersByTimeAsync(2000));
    expect(
      screen.getByRole("status", {
        name: "Connection: Your connection is struggling",
      }),
    ).toBeInTheDocument();
    expect(screen.getByText(/Upload \d+ kbit\/s/)).toBeInTheDocument();
  });

  it("puts its own reactions after the broadcast controls in tab order", async () => {
    renderBroadcaster(handOffLiveStream());
    const end = await screen.findByRole("button", { name: "End stream" });
    const heart = screen.getByRole("button", { name: "React with heart" });
    expect(
      end.compareDocumentPosition(heart) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
  });
});
