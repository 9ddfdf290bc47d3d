import { fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useRef } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PlayerControls } from "./PlayerControls";

function Player({
  muted = false,
  onToggleMute = () => undefined,
  onVolumeChange = () => undefined,
}: {
  muted?: boolean;
  onToggleMute?: () => void;
  onVolumeChange?: (volume: number) => void;
}) {
  const video = useRef<HTMLVideoElement>(null);
  const stage = useRef<HTMLDivElement>(null);
  return (
    <div ref={stage} data-testid="stage">
      <video ref={video} aria-label="Live video" />
      <PlayerControls
        video={video}
        container={stage}
        muted={muted}
        autoplayBlocked={false}
        onToggleMute={onToggleMute}
        onVolumeChange={onVolumeChange}
      />
    </div>
  );
}

function stubPrototype(
  proto: object,
  name: string,
  value: unknown,
): () => void {
  Object.defineProperty(proto, name, { value, configurable: true });
  return () => {
    delete (proto as Record<string, unknown>)[name];
  };
}

describe("PlayerControls", () => {
  const undo: Array<() => void> = [];
  afterEach(() => {
    for (const restore of undo.splice(0)) restore();
  });

  it("mutes and unmutes with action labels", async () => {
    const onToggleMute = vi.fn();
    const { rerender } = render(<Player onToggleMute={onToggleMute} />);
    await userEvent.click(screen.getByRole("button", { name: "Mute" }));
    expect(onToggleMute).toHaveBeenCalledTimes(1);
    rerender(<Player muted onToggleMute={onToggleMute} />);
    expect(screen.getByRole("button", { name: "Unmute" })).not.toHaveAttribute(
      "aria-pressed",
    );
  });

  it("sets the volume, and unmutes when it is turned up", () => {
    const onToggleMute = vi.fn();
    const onVolumeChange = vi.fn();
    render(
      <Player
        muted
        onToggleMute={onToggleMute}
        onVolumeChange={onVolumeChange}
      />,
    );
    const slider = screen.getByRole("slider", { name: "Volume" });
    expect(slider).toHaveValue("0");
    fireEvent.change(slider, { target: { value: "0.4" } });
    expect(onVolumeChange).toHaveBeenCalledWith(0.4);
    expect(onToggleMute).toHaveBeenCalledTimes(1);
  });

  it("puts the video and its overlays in full screen", async () => {
    const requestFullscreen = vi.fn(function (this: HTMLElement) {
      Object.defineProperty(document, "fullscreenElement", {
        value: this,
        configurable: true,
      });
      document.dispatchEvent(new Event("fullscreenchange"));
      return Promise.resolve();
    });
    const exitFullscreen = vi.fn(() => Promise.resolve());
    undo.push(
      stubPrototype(
        HTMLElement.prototype,
        "requestFullscreen",
        requestFullscreen,
      ),
      stubPrototype(document, "exitFullscreen", exitFullscreen),
      () => {
        delete (document as unknown as Record<string, unknown>)
          .fullscreenElement;
      },
    );
    render(<Player />);
    await userEvent.click(screen.getByRole("button", { name: "Full screen" }));
    expect(requestFullscreen.mock.contexts[0]).toBe(
      screen.getByTestId("stage"),
    );
    await userEvent.click(
      screen.getByRole("button", { name: "Exit full screen" }),
    );
    expect(exitFullscreen).toHaveBeenCalled();
  });

  it("falls back to the video's own full screen on iOS", async () => {
    const webkitEnterFullscreen = vi.fn();
    undo.push(
      stubPrototype(
        HTMLVideoElement.prototype,
        "webkitEnterFullscreen",
        webkitEnterFullscreen,
      ),
    );
    render(<Player />);
    await userEvent.click(screen.getByRole("button", { name: "Full screen" }));
    expect(webkitEnterFullscreen.mock.contexts[0]).toBe(
      screen.getByLabelText("Live video"),
    );
  });

  it("offers no full screen where the browser has none", () => {
    render(<Player />);
    expect(
      screen.queryByRole("button", { name: "Full screen" }),
    ).not.toBeInTheDocument();
  });
});
