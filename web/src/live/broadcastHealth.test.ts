import { describe, expect, it } from "vitest";
import { broadcastHealth, notAnsweringLabel } from "./broadcastHealth";

const steady = {
  bitrateKbps: 900,
  droppedBytes: 0,
  droppedChunks: 0,
  struggling: false,
};

describe("broadcastHealth", () => {
  it("is live when connected, live and the server answers", () => {
    expect(broadcastHealth("connected", "live", steady, true)).toEqual({
      label: "Live",
      live: true,
      warning: false,
    });
  });

  it("warns, not live, while the server does not answer though the socket is open", () => {
    expect(broadcastHealth("connected", "live", steady, false)).toEqual({
      label: notAnsweringLabel,
      live: false,
      warning: true,
    });
  });

  it("warns while the upload struggles or the publisher reconnects", () => {
    expect(
      broadcastHealth(
        "connected",
        "live",
        { ...steady, struggling: true },
        true,
      ),
    ).toEqual({
      label: "Your connection is struggling",
      live: false,
      warning: true,
    });
    expect(broadcastHealth("reconnecting", "live", null, true)).toEqual({
      label: "Viewers can't see you: reconnecting…",
      live: false,
      warning: true,
    });
  });

  it("says what is happening otherwise, without a warning", () => {
    expect(broadcastHealth("connecting", "created", null, false).label).toBe(
      "Connecting…",
    );
    expect(broadcastHealth("connected", "interrupted", null, true)).toEqual({
      label: "Resuming…",
      live: false,
      warning: false,
    });
    expect(broadcastHealth("stopped", "ended", null, true).label).toBe("Ended");
  });
});
