import { describe, expect, it } from "vitest";
import { UploadMeter } from "./uploadMeter";

describe("UploadMeter", () => {
  it("knows nothing from one sample", () => {
    const meter = new UploadMeter();
    meter.queue(50_000);
    expect(meter.read(0, 0)).toEqual({ bitrateKbps: null, struggling: false });
  });

  it("measures what left the browser over the window", () => {
    const meter = new UploadMeter();
    meter.read(0, 0);
    meter.queue(125_000);
    // 125 kB queued, 25 kB still buffered: 100 kB = 800 kbit left in one second.
    expect(meter.read(1000, 25_000)).toEqual({
      bitrateKbps: 800,
      struggling: false,
    });
  });

  it("sees a stalled upload: the socket's queue keeps growing", () => {
    const meter = new UploadMeter();
    meter.read(0, 0);
    meter.queue(40_000);
    expect(meter.read(1000, 30_000).struggling).toBe(false);
    meter.queue(60_000);
    // Nothing left at all, and 90 kB wait in the socket.
    expect(meter.read(2000, 90_000)).toEqual({
      bitrateKbps: 40,
      struggling: true,
    });
  });

  it("sees the outgoing bitrate collapse before the backlog is large", () => {
    const meter = new UploadMeter();
    meter.read(0, 0);
    meter.queue(40_000);
    // 40 kB made, 4 kB left: a tenth of what the recorder produces.
    expect(meter.read(1000, 36_000).struggling).toBe(true);
  });

  it("does not call a quiet recorder struggling", () => {
    const meter = new UploadMeter();
    meter.read(0, 0);
    meter.queue(2_000);
    expect(meter.read(1000, 2_000)).toEqual({
      bitrateKbps: 0,
      struggling: false,
    });
  });

  it("forgets samples older than the window", () => {
    const meter = new UploadMeter();
    meter.read(0, 0);
    meter.queue(100_000);
    meter.read(1000, 100_000); // stalled for a second…
    meter.read(2000, 0); // …then it all went
    meter.read(3000, 0);
    meter.queue(30_000);
    // Window 1000–4000 ms: 100 kB + 30 kB left in three seconds.
    expect(meter.read(4000, 0)).toEqual({
      bitrateKbps: 347,
      struggling: false,
    });
  });
});
