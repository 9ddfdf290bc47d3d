import { useEffect, useRef, useState } from "react";
import { useNavigate } from "react-router";
import {
  isApiError,
  startScheduledLive,
  type ScheduledLive,
  type ScheduledStatus,
} from "../api/client";
import { scheduledLiveMessage } from "../api/errorMessages";
import { handOffBroadcast } from "../live/broadcastHandoff";
import { useCamera } from "../live/useCamera";

interface Props {
  entry: ScheduledLive;
  /** The server said the entry is not upcoming any more. */
  onStatus: (status: ScheduledStatus) => void;
  /**
   * The stream is being started here (true) or failed to (false). The page must keep this
   * component mounted meanwhile: unmounting it stops the camera it is about to hand over.
   */
  onStarting?: (starting: boolean) => void;
}

/**
 * The creator's "Go live now": turns the camera and microphone on (asking the browser the first
 * time), starts the entry's stream (`POST /api/live-streams {scheduledId}`: it takes the entry's
 * settings), and hands camera and credentials to the broadcaster page as the Go live form does.
 */
export function GoLiveNow({ entry, onStatus, onStarting }: Props) {
  const navigate = useNavigate();
  const camera = useCamera();
  const [wanted, setWanted] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const starting = useRef(false);

  useEffect(() => {
    // Until the camera is on; a refusal leaves it for the next press.
    if (!wanted || camera.state !== "ready" || camera.stream === null) return;
    if (starting.current) return;
    starting.current = true;
    onStarting?.(true);
    startScheduledLive(entry.id).then(
      ({ stream, publish }) => {
        const media = camera.detach();
        if (media !== null) handOffBroadcast(stream.id, publish, media);
        navigate(`/live/${encodeURIComponent(stream.id)}/broadcast`);
      },
      (cause: unknown) => {
        starting.current = false;
        onStarting?.(false);
        setWanted(false);
        setError(scheduledLiveMessage(cause));
        const status = isApiError(cause, "conflict")
          ? cause.details.status
          : undefined;
        if (typeof status === "string") onStatus(status as ScheduledStatus);
      },
    );
  }, [wanted, camera, entry.id, navigate, onStatus, onStarting]);

  function goLive() {
    setError(null);
    setWanted(true);
    if (camera.state !== "ready") void camera.request();
  }

  const busy = wanted && camera.state !== "error";
  return (
    <div className="go-live-now">
      <button
        type="button"
        className="primary go-live"
        onClick={goLive}
        disabled={busy}
      >
        <span aria-hidden="true">●</span>
        {busy
          ? camera.state === "requesting"
            ? "Waiting for the camera…"
            : "Starting…"
          : "Go live now"}
      </button>
      <p className="hint">
        Your camera and microphone turn on and the live starts with this
        entry&apos;s title and settings.
      </p>
      {camera.error !== null && camera.stream === null ? (
        <p className="error-text" role="alert">
          {camera.error}
        </p>
      ) : null}
      {error !== null ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
