import { afterEach, describe, expect, it, vi } from "vitest";
import type { MediaCredentials } from "../api/client";
import { FakeMediaSource } from "../test/fakes";
import {
  canPlayNativeHls,
  HlsPlayer,
  playsHls,
  sameOriginHttpUrl,
} from "./hlsPlayer";
import type { PlaybackEvents } from "./sessions";

const playlist = "http://localhost:3000/live/s1/hls/playlist.m3u8?token=h";
const withHls: MediaCredentials = {
  backend: "builtin",
  url: "ws://127.0.0.1:8080/live/s1/watch",
  token: "w",
  hlsUrl: playlist,
};

/** A video element that says it plays HLS (as Safari does), or not (as Chrome does). */
function video(hls: boolean): HTMLVideoElement {
  const element = document.createElement("video");
  element.canPlayType = (type: string) =>
    hls && type === "application/vnd.apple.mpegurl" ? "maybe" : "";
  return element;
}

function failWith(element: HTMLVideoElement, code: number, message = "") {
  Object.defineProperty(element, "error", {
    configurable: true,
    value: { code, message },
  });
  element.dispatchEvent(new Event("error"));
}

describe("playsHls", () => {
  it("plays HLS only without any Media Source API, on an element that plays HLS, when offered", () => {
    vi.stubGlobal("MediaSource", undefined);
    expect(canPlayNativeHls(video(true))).toBe(true);
    expect(playsHls(withHls, video(true))).toBe(true);
    expect(playsHls(withHls, video(false))).toBe(false);
    expect(playsHls({ ...withHls, hlsUrl: undefined }, video(true))).toBe(
      false,
    );
    expect(playsHls({ ...withHls, backend: "livekit" }, video(true))).toBe(
      false,
    );
  });

  it("keeps Media Source (MediaSource or ManagedMediaSource) where it exists", () => {
    expect(playsHls(withHls, video(true))).toBe(false);
    vi.stubGlobal("MediaSource", undefined);
    vi.stubGlobal("ManagedMediaSource", FakeMediaSource);
    expect(playsHls(withHls, video(true))).toBe(false);
  });
});

describe("sameOriginHttpUrl", () => {
  it("keeps the path and token and takes the page's origin", () => {
    expect(
      sameOriginHttpUrl(
        "http://127.0.0.1:8080/live/s1/hls/playlist.m3u8?token=a.b",
        { origin: "https://onair.example" },
      ),
    ).toBe("https://onair.example/live/s1/hls/playlist.m3u8?token=a.b");
  });
});

describe("HlsPlayer", () => {
  let player: HlsPlayer | undefined;
  afterEach(() => player?.stop());

  function setup(events: PlaybackEvents = {}) {
    const element = video(true);
    player = new HlsPlayer(element, playlist, events, { stallNoticeMs: 1000 });
    return { element, player };
  }

  it("gives the playlist to the element and plays it; the first picture counts as playing, once", () => {
    const play = vi.spyOn(HTMLMediaElement.prototype, "play");
    const onPlaying = vi.fn();
    const { element } = setup({ onPlaying });
    player!.start();
    expect(element.src).toBe(playlist);
    expect(play).toHaveBeenCalledTimes(1);
    expect(onPlaying).not.toHaveBeenCalled();
    element.dispatchEvent(new Event("loadeddata"));
    element.dispatchEvent(new Event("loadeddata"));
    expect(onPlaying).toHaveBeenCalledTimes(1);
  });

  it("says the picture is stuck only after waiting a while, and when it moves again", () => {
    vi.useFakeTimers();
    const onStalled = vi.fn();
    const { element } = setup({ onStalled });
    player!.start();
    Object.defineProperty(element, "paused", { value: false });
    element.dispatchEvent(new Event("waiting"));
    vi.advanceTimersByTime(900);
    element.dispatchEvent(new Event("playing")); // a short wait: not worth a word
    vi.advanceTimersByTime(500);
    expect(onStalled).not.toHaveBeenCalled();
    element.dispatchEvent(new Event("waiting"));
    vi.advanceTimersByTime(1000);
    expect(onStalled).toHaveBeenCalledWith(true);
    element.dispatchEvent(new Event("timeupdate"));
    expect(onStalled).toHaveBeenLastCalledWith(false);
    expect(onStalled).toHaveBeenCalledTimes(2);
  });

  it("reports the playlist's end (the element's ended) as the stream's end", () => {
    const onEnded = vi.fn();
    const { element } = setup({ onEnded });
    player!.start();
    element.dispatchEvent(new Event("ended"));
    expect(onEnded).toHaveBeenCalledWith(null, null);
  });

  it("tells a refused stream from a failure a fresh join may mend", () => {
    const onError = vi.fn();
    let ctx = setup({ onError });
    player!.start();
    failWith(ctx.element, 4, "DEMUXER_ERROR_COULD_NOT_OPEN");
    expect(onError).toHaveBeenLastCalledWith(
      "unsupported",
      "HLS playback refused: DEMUXER_ERROR_COULD_NOT_OPEN",
    );
    player!.stop();

    ctx = setup({ onError });
    player!.start();
    ctx.element.dispatchEvent(new Event("loadeddata"));
    failWith(ctx.element, 4);
    expect(onError).toHaveBeenLastCalledWith(
      "media",
      "HLS playback failed (code 4)",
    );
    failWith(ctx.element, 2, "network");
    expect(onError).toHaveBeenLastCalledWith(
      "media",
      "HLS playback failed (code 2): network",
    );
  });

  it("lets go of the element when stopped: no source, no more events", () => {
    const onEnded = vi.fn();
    const onPlaying = vi.fn();
    const { element } = setup({ onEnded, onPlaying });
    player!.start();
    player!.stop();
    expect(element.hasAttribute("src")).toBe(false);
    element.dispatchEvent(new Event("loadeddata"));
    element.dispatchEvent(new Event("ended"));
    expect(onPlaying).not.toHaveBeenCalled();
    expect(onEnded).not.toHaveBeenCalled();
  });
});
