import { useCallback, useEffect, useRef, useState } from "react";
import { describeMediaError } from "./mediaErrors";

export type CameraState = "idle" | "requesting" | "ready" | "error";

export interface Camera {
  state: CameraState;
  stream: MediaStream | null;
  error: string | null;
  videoDevices: MediaDeviceInfo[];
  audioDevices: MediaDeviceInfo[];
  videoDeviceId: string;
  audioDeviceId: string;
  /** Asks the browser for the camera and microphone (the permission prompt). */
  request: () => Promise<void>;
  selectVideo: (deviceId: string) => Promise<void>;
  selectAudio: (deviceId: string) => Promise<void>;
  /** Hands the stream to someone else: it is no longer stopped when this hook unmounts. */
  detach: () => MediaStream | null;
}

function stopAll(stream: MediaStream | null): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

function constraints(
  videoDeviceId: string,
  audioDeviceId: string,
): MediaStreamConstraints {
  return {
    video: {
      ...(videoDeviceId !== "" ? { deviceId: { exact: videoDeviceId } } : {}),
      width: { ideal: 1280 },
      height: { ideal: 720 },
      frameRate: { ideal: 30 },
    },
    audio: {
      ...(audioDeviceId !== "" ? { deviceId: { exact: audioDeviceId } } : {}),
      echoCancellation: true,
      noiseSuppression: true,
    },
  };
}

/** The camera and microphone of this page: permission, device choice and ownership of the tracks. */
export function useCamera(initial: MediaStream | null = null): Camera {
  const [state, setState] = useState<CameraState>(
    initial === null ? "idle" : "ready",
  );
  const [stream, setStream] = useState<MediaStream | null>(initial);
  const [error, setError] = useState<string | null>(null);
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const [videoDeviceId, setVideoDeviceId] = useState("");
  const [audioDeviceId, setAudioDeviceId] = useState("");
  const owned = useRef<MediaStream | null>(initial);

  useEffect(() => () => stopAll(owned.current), []);

  const open = useCallback(async (videoId: string, audioId: string) => {
    if (navigator.mediaDevices?.getUserMedia === undefined) {
      setError(
        "This browser cannot use a camera here. Open onair over HTTPS in a current browser.",
      );
      setState("error");
      return;
    }
    setState("requesting");
    setError(null);
    try {
      const next = await navigator.mediaDevices.getUserMedia(
        constraints(videoId, audioId),
      );
      stopAll(owned.current);
      owned.current = next;
      setStream(next);
      setVideoDeviceId(
        next.getVideoTracks()[0]?.getSettings().deviceId ?? videoId,
      );
      setAudioDeviceId(
        next.getAudioTracks()[0]?.getSettings().deviceId ?? audioId,
      );
      setState("ready");
      // Labels are only visible once permission has been granted.
      const all = await navigator.mediaDevices
        .enumerateDevices()
        .catch(() => []);
      setDevices(all);
    } catch (cause) {
      setError(describeMediaError(cause));
      setState(owned.current === null ? "error" : "ready");
    }
  }, []);

  const request = useCallback(
    () => open(videoDeviceId, audioDeviceId),
    [open, videoDeviceId, audioDeviceId],
  );
  const selectVideo = useCallback(
    (id: string) => open(id, audioDeviceId),
    [open, audioDeviceId],
  );
  const selectAudio = useCallback(
    (id: string) => open(videoDeviceId, id),
    [open, videoDeviceId],
  );
  const detach = useCallback(() => {
    const handed = owned.current;
    owned.current = null;
    return handed;
  }, []);

  return {
    state,
    stream,
    error,
    videoDevices: devices.filter((d) => d.kind === "videoinput"),
    audioDevices: devices.filter((d) => d.kind === "audioinput"),
    videoDeviceId,
    audioDeviceId,
    request,
    selectVideo,
    selectAudio,
    detach,
  };
}
