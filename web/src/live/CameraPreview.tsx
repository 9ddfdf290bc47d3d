import { useEffect, useRef } from "react";

interface Props {
  stream: MediaStream | null;
  label: string;
  className?: string;
}

/** The local camera, mirrored like a selfie view and always muted (no echo). */
export function CameraPreview({ stream, label, className }: Props) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = ref.current;
    if (video === null) return;
    video.srcObject = stream;
    if (stream !== null) video.play()?.catch(() => undefined);
  }, [stream]);
  return (
    <video
      ref={ref}
      className={`preview ${className ?? ""}`}
      aria-label={label}
      muted
      playsInline
      autoPlay
    />
  );
}
