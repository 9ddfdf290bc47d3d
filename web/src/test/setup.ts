import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterEach, beforeEach, vi } from "vitest";
import { resetConnectivity } from "../api/connectivity";
import {
  FakeMediaRecorder,
  FakeMediaSource,
  FakeMediaStream,
  FakeWebSocket,
  FakeXMLHttpRequest,
} from "./fakes";

let objectUrlCount = 0;

function installBrowserFakes(): void {
  vi.stubGlobal("WebSocket", FakeWebSocket);
  vi.stubGlobal("MediaRecorder", FakeMediaRecorder);
  vi.stubGlobal("MediaSource", FakeMediaSource);
  vi.stubGlobal("MediaStream", FakeMediaStream);
  vi.stubGlobal("XMLHttpRequest", FakeXMLHttpRequest);
  vi.stubGlobal(
    "fetch",
    vi.fn(() => Promise.reject(new Error("fetch was not mocked in this test"))),
  );

  // The browser opens a MediaSource once a media element loads its object URL.
  URL.createObjectURL = vi.fn((object: unknown) => {
    if (object instanceof FakeMediaSource) queueMicrotask(() => object.open());
    objectUrlCount += 1;
    return `blob:fake/${objectUrlCount}`;
  });
  URL.revokeObjectURL = vi.fn();

  Object.defineProperty(navigator, "mediaDevices", {
    configurable: true,
    value: {
      getUserMedia: vi.fn(() =>
        Promise.resolve(FakeMediaStream.withCameraAndMic()),
      ),
      enumerateDevices: vi.fn(() =>
        Promise.resolve([
          {
            kind: "videoinput",
            deviceId: "video-default",
            label: "Front camera",
            groupId: "g1",
          },
          {
            kind: "videoinput",
            deviceId: "video-2",
            label: "Back camera",
            groupId: "g2",
          },
          {
            kind: "audioinput",
            deviceId: "audio-default",
            label: "Built-in microphone",
            groupId: "g1",
          },
        ]),
      ),
    },
  });
}

// jsdom has media elements without playback.
Object.defineProperty(HTMLMediaElement.prototype, "play", {
  configurable: true,
  writable: true,
  value: function play() {
    return Promise.resolve();
  },
});
Object.defineProperty(HTMLMediaElement.prototype, "pause", {
  configurable: true,
  writable: true,
  value: () => undefined,
});
Object.defineProperty(HTMLMediaElement.prototype, "load", {
  configurable: true,
  writable: true,
  value: () => undefined,
});
Object.defineProperty(HTMLMediaElement.prototype, "srcObject", {
  configurable: true,
  get(this: HTMLMediaElement & { fakeSrcObject?: unknown }) {
    return this.fakeSrcObject ?? null;
  },
  set(this: HTMLMediaElement & { fakeSrcObject?: unknown }, value: unknown) {
    this.fakeSrcObject = value;
  },
});

beforeEach(() => {
  installBrowserFakes();
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  FakeWebSocket.reset();
  FakeMediaRecorder.reset();
  FakeMediaSource.reset();
  FakeXMLHttpRequest.instances = [];
  resetConnectivity();
  sessionStorage.clear();
});
