import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";
import {
  ApiMock,
  apiError,
  makeReel,
  makeStream,
  mockSignedIn,
} from "../test/apiMock";
import { renderWithApp } from "../test/render";
import { LiveStreamControls } from "./LiveStreamControls";

function renderControls(
  overrides: Partial<Parameters<typeof LiveStreamControls>[0]> = {},
) {
  const props = {
    stream: makeStream({
      id: "s1",
      startedAt: new Date(Date.now() - 65_000).toISOString(),
    }),
    viewerCount: 4,
    connection: "connected" as const,
    audioEnabled: true,
    videoEnabled: true,
    onToggleAudio: vi.fn(),
    onToggleVideo: vi.fn(),
    onReconnect: vi.fn(),
    onEnded: vi.fn(),
    ...overrides,
  };
  renderWithApp(<LiveStreamControls {...props} />);
  return props;
}

describe("LiveStreamControls", () => {
  it("shows connection, viewers and elapsed time, and toggles mic and camera", async () => {
    mockSignedIn(new ApiMock());
    const props = renderControls();
    expect(
      screen.getByRole("status", { name: "Connection: Live" }),
    ).toBeInTheDocument();
    expect(screen.getByLabelText("4 viewers")).toBeInTheDocument();
    expect(screen.getByLabelText("Elapsed time")).toHaveTextContent(
      /^1:0[5-6]$/,
    );
    await userEvent.click(screen.getByRole("button", { name: "Mute" }));
    await userEvent.click(screen.getByRole("button", { name: "Camera off" }));
    expect(props.onToggleAudio).toHaveBeenCalledTimes(1);
    expect(props.onToggleVideo).toHaveBeenCalledTimes(1);
    expect(
      screen.queryByRole("button", { name: "Reconnect now" }),
    ).not.toBeInTheDocument();
  });

  it("is not Live, and warns, while the server does not answer", () => {
    mockSignedIn(new ApiMock());
    renderControls({ serverAnswering: false });
    const status = screen.getByRole("status", {
      name: "Connection: Viewers can't see you: the server is not answering",
    });
    expect(status).toHaveClass("warning");
    expect(status).not.toHaveClass("live");
  });

  it("shows the muted state and offers to reconnect while reconnecting", async () => {
    mockSignedIn(new ApiMock());
    const props = renderControls({
      audioEnabled: false,
      videoEnabled: false,
      connection: "reconnecting",
    });
    // Action labels, not toggles: "Unmute, pressed" would read as the opposite of the state.
    expect(screen.getByRole("button", { name: "Unmute" })).not.toHaveAttribute(
      "aria-pressed",
    );
    expect(
      screen.getByRole("button", { name: "Camera on" }),
    ).not.toHaveAttribute("aria-pressed");
    expect(
      screen.getByRole("status", { name: /reconnecting/ }),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole("button", { name: "Reconnect now" }),
    );
    expect(props.onReconnect).toHaveBeenCalled();
  });

  it("shows a placeholder duration before the stream has started", () => {
    mockSignedIn(new ApiMock());
    renderControls({
      stream: makeStream({ startedAt: null, status: "created" }),
    });
    expect(screen.getByLabelText("Elapsed time")).toHaveTextContent("–:––");
    expect(
      screen.getByRole("status", { name: "Connection: Starting…" }),
    ).toBeInTheDocument();
  });

  it("asks before ending; Escape and Cancel keep the stream going", async () => {
    const user = userEvent.setup();
    const api = mockSignedIn(new ApiMock());
    renderControls();
    await user.click(screen.getByRole("button", { name: "End stream" }));
    const dialog = screen.getByRole("dialog", {
      name: "End your live stream?",
    });
    expect(dialog).toBeInTheDocument();
    expect(
      screen.getByRole("radio", { name: "Save it as a reel" }),
    ).toHaveFocus();
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "End stream" })).toHaveFocus();

    await user.click(screen.getByRole("button", { name: "End stream" }));
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(api.callsTo("POST /api/live-streams/s1/end")).toHaveLength(0);
  });

  it("ends with the recording saved and links to the reel", async () => {
    const user = userEvent.setup();
    const reel = makeReel({ id: "r7" });
    const api = mockSignedIn(new ApiMock()).on(
      "POST /api/live-streams/s1/end",
      {
        status: 200,
        body: {
          stream: makeStream({
            status: "ended",
            recording: "saved",
            reelId: "r7",
          }),
          reel,
        },
      },
    );
    const props = renderControls();
    await user.click(screen.getByRole("button", { name: "End stream" }));
    await user.click(
      within(screen.getByRole("dialog")).getByRole("button", {
        name: "End stream",
      }),
    );
    expect(
      await screen.findByText("Your stream was saved as a reel."),
    ).toBeInTheDocument();
    expect(
      screen.getByRole("link", { name: "Watch your reel" }),
    ).toHaveAttribute("href", "/reels/r7");
    expect(api.callsTo("POST /api/live-streams/s1/end")[0]?.body).toEqual({
      saveRecording: true,
    });
    expect(props.onEnded).toHaveBeenCalledWith(
      expect.objectContaining({ reel, saveRecording: true }),
    );
  });

  it("says the recording is processing when no reel is ready yet", async () => {
    const user = userEvent.setup();
    mockSignedIn(new ApiMock()).on("POST /api/live-streams/s1/end", {
      status: 200,
      body: {
        stream: makeStream({ status: "ended", recording: "recording" }),
        reel: null,
      },
    });
    renderControls();
    await user.click(screen.getByRole("button", { name: "End stream" }));
    await user.click(
      within(screen.getByRole("dialog")).getByRole("button", {
        name: "End stream",
      }),
    );
    expect(
      await screen.findByText(/Your recording is processing/),
    ).toBeInTheDocument();
  });

  it("shows the saved reel (thumbnail, title, length) and links to it", async () => {
    const user = userEvent.setup();
    const reel = makeReel({
      id: "r7",
      title: "Morning run",
      durationMs: 65_000,
    });
    mockSignedIn(new ApiMock()).on("POST /api/live-streams/s1/end", {
      status: 200,
      body: {
        stream: makeStream({
          status: "ended",
          recording: "saved",
          reelId: "r7",
        }),
        reel,
      },
    });
    renderControls();
    await user.click(screen.getByRole("button", { name: "End stream" }));
    await user.click(
      within(screen.getByRole("dialog")).getByRole("button", {
        name: "End stream",
      }),
    );
    const card = await screen.findByRole("link", {
      name: /Morning run.*1:05/,
    });
    expect(card).toHaveAttribute("href", "/reels/r7");
    expect(card.querySelector("img")).toHaveAttribute(
      "src",
      "/media/reels/r1/thumbnail",
    );
  });

  it("links the reel once the stream names it, when the end answered without one", async () => {
    const user = userEvent.setup();
    mockSignedIn(new ApiMock()).on("POST /api/live-streams/s1/end", {
      status: 200,
      body: {
        stream: makeStream({ status: "ended", recording: "recording" }),
        reel: null,
      },
    });
    function Harness() {
      const [stream, setStream] = useState(makeStream({ id: "s1" }));
      return (
        <>
          <button
            type="button"
            onClick={() =>
              setStream((s) => ({ ...s, status: "ended", reelId: "r11" }))
            }
          >
            ws update
          </button>
          <LiveStreamControls
            stream={stream}
            viewerCount={0}
            connection="connected"
            audioEnabled
            videoEnabled
            onToggleAudio={vi.fn()}
            onToggleVideo={vi.fn()}
            onEnded={vi.fn()}
          />
        </>
      );
    }
    renderWithApp(<Harness />);
    await user.click(screen.getByRole("button", { name: "End stream" }));
    await user.click(
      within(screen.getByRole("dialog")).getByRole("button", {
        name: "End stream",
      }),
    );
    await screen.findByText(/Your recording is processing/);
    expect(screen.queryByRole("link", { name: "Watch your reel" })).toBeNull();
    // The broadcaster page passes down the stream that /ws updated.
    await user.click(screen.getByRole("button", { name: "ws update" }));
    expect(
      screen.getByRole("link", { name: "Watch your reel" }),
    ).toHaveAttribute("href", "/reels/r11");
    expect(
      screen.getByText("Your stream was saved as a reel."),
    ).toBeInTheDocument();
  });

  it("discards the recording when asked", async () => {
    const user = userEvent.setup();
    const api = mockSignedIn(new ApiMock()).on(
      "POST /api/live-streams/s1/end",
      {
        status: 200,
        body: {
          stream: makeStream({ status: "ended", recording: "discarded" }),
          reel: null,
        },
      },
    );
    renderControls();
    await user.click(screen.getByRole("button", { name: "End stream" }));
    await user.click(screen.getByRole("radio", { name: "Discard it" }));
    await user.click(
      within(screen.getByRole("dialog")).getByRole("button", {
        name: "End stream",
      }),
    );
    expect(
      await screen.findByText("The recording was discarded."),
    ).toBeInTheDocument();
    expect(api.callsTo("POST /api/live-streams/s1/end")[0]?.body).toEqual({
      saveRecording: false,
    });
  });

  it("keeps the dialog open with the reason when ending fails", async () => {
    const user = userEvent.setup();
    mockSignedIn(new ApiMock()).on(
      "POST /api/live-streams/s1/end",
      apiError(403, "not_stream_owner"),
    );
    const props = renderControls();
    await user.click(screen.getByRole("button", { name: "End stream" }));
    await user.click(
      within(screen.getByRole("dialog")).getByRole("button", {
        name: "End stream",
      }),
    );
    await waitFor(() =>
      expect(screen.getByRole("alert")).toHaveTextContent(
        "Only the creator of this stream",
      ),
    );
    expect(screen.getByRole("dialog")).toBeInTheDocument();
    expect(props.onEnded).not.toHaveBeenCalled();
  });

  it("warns that viewers can't see the creator while reconnecting", () => {
    mockSignedIn(new ApiMock());
    renderControls({ connection: "reconnecting" });
    expect(
      screen.getByRole("status", {
        name: "Connection: Viewers can't see you: reconnecting…",
      }),
    ).not.toHaveClass("live");
  });

  it("says the connection is struggling instead of Live, with the upload rate and what was dropped", () => {
    mockSignedIn(new ApiMock());
    renderControls({
      health: {
        bitrateKbps: 96,
        droppedBytes: 3 * 1024 * 1024,
        droppedChunks: 2,
        struggling: true,
      },
    });
    expect(
      screen.getByRole("status", {
        name: "Connection: Your connection is struggling",
      }),
    ).not.toHaveClass("live");
    expect(screen.getByText(/Upload 96 kbit\/s/)).toHaveTextContent(
      "Upload 96 kbit/s · Dropped 3.0 MB (2 chunks)",
    );
  });

  it("shows a healthy upload under Live", () => {
    mockSignedIn(new ApiMock());
    renderControls({
      health: {
        bitrateKbps: 1200,
        droppedBytes: 0,
        droppedChunks: 0,
        struggling: false,
      },
    });
    expect(
      screen.getByRole("status", { name: "Connection: Live" }),
    ).toHaveClass("live");
    expect(screen.getByText(/Upload/)).toHaveTextContent(
      "Upload 1,200 kbit/s · Nothing dropped",
    );
  });
});
