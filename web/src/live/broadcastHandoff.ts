import type { MediaCredentials } from "../api/client";

/**
 * Carries what the creator screen got (publish credentials and the camera stream) to the
 * broadcaster page. The stream lives in memory only; the credentials also go to sessionStorage
 * so a reload of the broadcaster page can publish again (with a fresh camera request).
 */
const liveMedia = new Map<string, MediaStream>();
const storageKey = (streamId: string) => `onair.publish.${streamId}`;

export function handOffBroadcast(
  streamId: string,
  publish: MediaCredentials,
  media: MediaStream,
): void {
  liveMedia.set(streamId, media);
  try {
    sessionStorage.setItem(storageKey(streamId), JSON.stringify(publish));
  } catch {
    // storage full or disabled: a reload then cannot publish, the live tab still can
  }
}

/** The camera stream handed over, once: the caller owns it from now on. */
export function takeHandedOffMedia(streamId: string): MediaStream | null {
  const media = liveMedia.get(streamId) ?? null;
  liveMedia.delete(streamId);
  return media;
}

export function readPublishCredentials(
  streamId: string,
): MediaCredentials | null {
  try {
    const text = sessionStorage.getItem(storageKey(streamId));
    if (text === null) return null;
    const value = JSON.parse(text) as Partial<MediaCredentials>;
    if (typeof value.url !== "string" || typeof value.token !== "string")
      return null;
    return {
      backend: value.backend === "livekit" ? "livekit" : "builtin",
      url: value.url,
      token: value.token,
    };
  } catch {
    return null;
  }
}

export function forgetPublishCredentials(streamId: string): void {
  try {
    sessionStorage.removeItem(storageKey(streamId));
  } catch {
    // nothing to forget
  }
}
