import { useEffect, useId, useState, type RefObject } from "react";
import { FullscreenIcon, SoundIcon } from "../components/Icons";

/** iOS Safari cannot put an element in full screen, only a video (its own player). */
type IosVideo = HTMLVideoElement & { webkitEnterFullscreen?: () => void };

function canFullscreen(): boolean {
  return (
    typeof HTMLElement.prototype.requestFullscreen === "function" ||
    typeof (HTMLVideoElement.prototype as IosVideo).webkitEnterFullscreen ===
      "function"
  );
}

interface Props {
  video: RefObject<HTMLVideoElement | null>;
  /** What goes full screen: the video with what lies over it. */
  container: RefObject<HTMLElement | null>;
  muted: boolean;
  /** The browser refused sound until a tap. */
  autoplayBlocked: boolean;
  onToggleMute: () => void;
  /** 0–1, for the caller's video element. */
  onVolumeChange: (volume: number) => void;
}

/** The viewer's controls over the live video: sound, volume and full screen. */
export function PlayerControls({
  video,
  container,
  muted,
  autoplayBlocked,
  onToggleMute,
  onVolumeChange,
}: Props) {
  const volumeId = useId();
  const [volume, setVolume] = useState(1);
  const [fullscreen, setFullscreen] = useState(false);

  useEffect(() => {
    const onChange = () =>
      setFullscreen(
        document.fullscreenElement != null &&
          document.fullscreenElement === container.current,
      );
    document.addEventListener("fullscreenchange", onChange);
    return () => document.removeEventListener("fullscreenchange", onChange);
  }, [container]);

  function changeVolume(next: number) {
    setVolume(next);
    onVolumeChange(next);
    if (muted && next > 0) onToggleMute();
  }

  function toggleFullscreen() {
    if (fullscreen) {
      void document.exitFullscreen().catch(() => undefined);
      return;
    }
    const element = container.current;
    if (typeof element?.requestFullscreen === "function")
      void element.requestFullscreen().catch(() => undefined);
    else (video.current as IosVideo | null)?.webkitEnterFullscreen?.();
  }

  return (
    <div className="player-controls">
      {/* Action labels ("Unmute" while muted), not a toggle whose label flips too. */}
      {/* On a phone only the icons show (the names stay), except "Tap to unmute". */}
      <button
        type="button"
        className={autoplayBlocked ? "primary" : undefined}
        onClick={onToggleMute}
      >
        <SoundIcon muted={muted} />
        <span className="control-label">
          {muted ? (autoplayBlocked ? "Tap to unmute" : "Unmute") : "Mute"}
        </span>
      </button>
      <label htmlFor={volumeId} className="visually-hidden">
        Volume
      </label>
      <input
        id={volumeId}
        type="range"
        min={0}
        max={1}
        step={0.05}
        value={muted ? 0 : volume}
        onChange={(event) => changeVolume(Number(event.target.value))}
      />
      {canFullscreen() ? (
        <button type="button" onClick={toggleFullscreen}>
          <FullscreenIcon exit={fullscreen} />
          <span className="control-label">
            {fullscreen ? "Exit full screen" : "Full screen"}
          </span>
        </button>
      ) : null}
    </div>
  );
}
