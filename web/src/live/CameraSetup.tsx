import { useEffect, useId, useRef } from "react";
import { CameraPreview } from "./CameraPreview";
import type { Camera } from "./useCamera";

interface Props {
  camera: Camera;
  /** Offer device pickers once the camera is on. */
  showPickers?: boolean;
}

/** Explains why onair needs the camera, asks for it, explains failures, and previews it. */
export function CameraSetup({ camera, showPickers = true }: Props) {
  const videoSelectId = useId();
  const audioSelectId = useId();
  const previewRef = useRef<HTMLVideoElement>(null);
  /** The user pressed Allow: once the preview shows, focus goes to it (the button is gone). */
  const focusPreview = useRef(false);
  const hasStream = camera.stream !== null;
  useEffect(() => {
    if (!hasStream || !focusPreview.current) return;
    focusPreview.current = false;
    previewRef.current?.focus();
  }, [hasStream]);

  if (camera.stream === null) {
    return (
      <section
        className="camera-setup panel"
        aria-label="Camera and microphone"
      >
        <p>
          To go live, onair needs your <strong>camera</strong> and{" "}
          <strong>microphone</strong>. Your browser will ask for permission.
          Nothing is sent until you press <em>Go live</em>.
        </p>
        {camera.error !== null ? (
          <p className="error-text" role="alert">
            {camera.error}
          </p>
        ) : null}
        <button
          type="button"
          onClick={() => {
            focusPreview.current = true;
            void camera.request();
          }}
          disabled={camera.state === "requesting"}
        >
          {camera.state === "requesting"
            ? "Waiting for permission…"
            : camera.state === "error"
              ? "Try again"
              : "Allow camera and microphone"}
        </button>
      </section>
    );
  }

  return (
    <section className="camera-setup" aria-label="Camera and microphone">
      <CameraPreview
        stream={camera.stream}
        label="Camera preview"
        videoRef={previewRef}
      />
      {camera.error !== null ? (
        <p className="error-text" role="alert">
          {camera.error}
        </p>
      ) : null}
      {showPickers ? (
        <div className="device-pickers">
          <label htmlFor={videoSelectId}>Camera</label>
          <select
            id={videoSelectId}
            value={camera.videoDeviceId}
            onChange={(e) => void camera.selectVideo(e.target.value)}
            disabled={camera.state === "requesting"}
          >
            {camera.videoDevices.map((device, i) => (
              <option key={device.deviceId || i} value={device.deviceId}>
                {device.label || `Camera ${i + 1}`}
              </option>
            ))}
          </select>
          <label htmlFor={audioSelectId}>Microphone</label>
          <select
            id={audioSelectId}
            value={camera.audioDeviceId}
            onChange={(e) => void camera.selectAudio(e.target.value)}
            disabled={camera.state === "requesting"}
          >
            {camera.audioDevices.map((device, i) => (
              <option key={device.deviceId || i} value={device.deviceId}>
                {device.label || `Microphone ${i + 1}`}
              </option>
            ))}
          </select>
        </div>
      ) : null}
    </section>
  );
}
