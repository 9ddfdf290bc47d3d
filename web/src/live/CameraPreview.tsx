import { useEffect, useRef, type RefObject } from "react";

interface Props {
  stream: MediaStream | null;
  label: string;
  className?: string;
  /** The element, for whoever needs its frames (thumbnails). */
  videoRef?: RefObject<HTMLVideoElement | null>;
}

/** The local camera, mirrored like a selfie view and always muted (no echo). */
export function CameraPreview({ stream, label, className, videoRef }: Props) {
  const ownRef = useRef<HTMLVideoElement>(null);
  const ref = videoRef ?? ownRef;
  useEffect(() => {
    const video = ref.current;
    if (video === null) return;
    video.srcObject = stream;
    if (stream !== null) video.play()?.catch(() => undefined);
  }, [stream, ref]);
  return (
    <video
      ref={ref}
      className={`preview ${className ?? ""}`}
      aria-label={label}
      muted
      playsInline
      tabIndex={-1}
      autoPlay
    />
  );
}
