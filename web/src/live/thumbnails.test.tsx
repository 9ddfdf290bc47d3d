import { act, render } from "@testing-library/react";
import { useRef } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiMock, apiError } from "../test/apiMock";
import { captureThumbnail, useLiveThumbnails } from "./thumbnails";

function sizedVideo(width: number, height: number): HTMLVideoElement {
  const video = document.createElement("video");
  Object.defineProperty(video, "videoWidth", { value: width });
  Object.defineProperty(video, "videoHeight", { value: height });
  return video;
}

let jpegSizes: number[];
const drawImage = vi.fn();
const toBlob = vi.fn(function (
  this: HTMLCanvasElement,
  callback: BlobCallback,
  type?: string,
  _quality?: number,
) {
  const size = jpegSizes.shift() ?? 1000;
  callback(new Blob([new Uint8Array(size)], { type }));
});

beforeEach(() => {
  jpegSizes = [];
  drawImage.mockClear();
  toBlob.mockClear();
  vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue({
    drawImage,
  } as unknown as CanvasRenderingContext2D);
  Object.defineProperty(HTMLCanvasElement.prototype, "toBlob", {
    value: toBlob,
    configurable: true,
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  delete (HTMLCanvasElement.prototype as Partial<HTMLCanvasElement>).toBlob;
});

describe("captureThumbnail", () => {
  it("scales the frame to at most 640 px wide as a 0.7 JPEG", async () => {
    const jpeg = await captureThumbnail(sizedVideo(1280, 720));
    expect(jpeg?.type).toBe("image/jpeg");
    const canvas = toBlob.mock.contexts[0] as HTMLCanvasElement;
    expect([canvas.width, canvas.height]).toEqual([640, 360]);
    expect(toBlob.mock.calls[0]?.slice(1)).toEqual(["image/jpeg", 0.7]);
    expect(drawImage).toHaveBeenCalledWith(expect.anything(), 0, 0, 640, 360);
  });

  it("lowers the quality until it fits in 256 KB", async () => {
    jpegSizes = [300_000, 200_000];
    const jpeg = await captureThumbnail(sizedVideo(320, 240));
    expect(jpeg?.size).toBe(200_000);
    expect(toBlob.mock.calls.map((call) => call[2])).toEqual([0.7, 0.5]);
  });

  it("has nothing before the first frame", async () => {
    expect(await captureThumbnail(sizedVideo(0, 0))).toBeNull();
  });
});

function Broadcast({ active }: { active: boolean }) {
  const video = useRef<HTMLVideoElement>(sizedVideo(640, 360));
  useLiveThumbnails("s1", video, active);
  return null;
}

describe("useLiveThumbnails", () => {
  it("posts one shortly after going live, then every 30 s, and stops when inactive", async () => {
    vi.useFakeTimers();
    const api = new ApiMock().on("PUT /api/live-streams/s1/thumbnail", {
      status: 204,
    });
    const { rerender } = render(<Broadcast active />);
    await act(() => vi.advanceTimersByTimeAsync(2999));
    expect(api.callsTo("PUT /api/live-streams/s1/thumbnail")).toHaveLength(0);
    await act(() => vi.advanceTimersByTimeAsync(1));
    const [first] = api.callsTo("PUT /api/live-streams/s1/thumbnail");
    expect(first?.init?.headers).toMatchObject({
      "Content-Type": "image/jpeg",
    });
    expect(first?.body).toBeInstanceOf(Blob);
    await act(() => vi.advanceTimersByTimeAsync(30_000));
    expect(api.callsTo("PUT /api/live-streams/s1/thumbnail")).toHaveLength(2);
    rerender(<Broadcast active={false} />);
    await act(() => vi.advanceTimersByTimeAsync(60_000));
    expect(api.callsTo("PUT /api/live-streams/s1/thumbnail")).toHaveLength(2);
  });

  it("keeps going quietly after a refused upload", async () => {
    vi.useFakeTimers();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const api = new ApiMock().on(
      "PUT /api/live-streams/s1/thumbnail",
      apiError(429, "rate_limited"),
      { status: 204 },
    );
    render(<Broadcast active />);
    await act(() => vi.advanceTimersByTimeAsync(3000));
    expect(warn).toHaveBeenCalled();
    await act(() => vi.advanceTimersByTimeAsync(30_000));
    expect(api.callsTo("PUT /api/live-streams/s1/thumbnail")).toHaveLength(2);
  });
});
