import { useEffect, type RefObject } from "react";
import { uploadLiveStreamThumbnail } from "../api/client";

export const thumbnailMaxWidth = 640;
export const thumbnailMaxBytes = 256 * 1024;
/** The first one shortly after going live, then one every so often (the server takes ≤ 1 / 5 s). */
export const firstThumbnailDelayMs = 3000;
export const thumbnailIntervalMs = 30_000;
const qualities = [0.7, 0.5, 0.3];

function toJpeg(canvas: HTMLCanvasElement, quality: number) {
  return new Promise<Blob | null>((resolve) =>
    canvas.toBlob(resolve, "image/jpeg", quality),
  );
}

/** A JPEG of the video's current frame, ≤ 640 px wide and < 256 KB; null when there is none. */
export async function captureThumbnail(
  video: HTMLVideoElement,
): Promise<Blob | null> {
  if (video.videoWidth === 0 || video.videoHeight === 0) return null;
  const scale = Math.min(1, thumbnailMaxWidth / video.videoWidth);
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(video.videoWidth * scale);
  canvas.height = Math.round(video.videoHeight * scale);
  const context = canvas.getContext("2d");
  if (context === null) return null;
  context.drawImage(video, 0, 0, canvas.width, canvas.height);
  for (const quality of qualities) {
    const jpeg = await toJpeg(canvas, quality);
    if (jpeg !== null && jpeg.size < thumbnailMaxBytes) return jpeg;
  }
  return null;
}

/**
 * While `active`, posts a thumbnail of the broadcaster's own preview shortly after it starts and
 * then every 30 s. Failures are logged and otherwise ignored: they never touch the broadcast.
 */
export function useLiveThumbnails(
  streamId: string,
  video: RefObject<HTMLVideoElement | null>,
  active: boolean,
): void {
  useEffect(() => {
    if (!active) return undefined;
    const send = async () => {
      try {
        const jpeg =
          video.current === null ? null : await captureThumbnail(video.current);
        if (jpeg !== null) await uploadLiveStreamThumbnail(streamId, jpeg);
      } catch (error) {
        console.warn("Could not post the stream's thumbnail", error);
      }
    };
    let repeat: ReturnType<typeof setInterval> | null = null;
    const first = setTimeout(() => {
      void send();
      repeat = setInterval(() => void send(), thumbnailIntervalMs);
    }, firstThumbnailDelayMs);
    return () => {
      clearTimeout(first);
      if (repeat !== null) clearInterval(repeat);
    };
  }, [streamId, video, active]);
}
