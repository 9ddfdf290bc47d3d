import { useState } from "react";
import { Link } from "react-router";
import { endLiveStream, type LiveStream, type Reel } from "../api/client";
import { friendlyMessage } from "../api/errorMessages";
import { EndStreamDialog } from "../components/EndStreamDialog";
import { formatDuration, useNow } from "../lib/time";
import { broadcastHealth } from "./broadcastHealth";
import type { PublishConnection, PublishHealth } from "./sessions";
import { StreamEndedPanel } from "./StreamEndedPanel";
import { EyeIcon } from "../components/Icons";
import { countOf, viewersLabel } from "../lib/plural";

export interface EndResult {
  stream: LiveStream;
  reel: Reel | null;
  saveRecording: boolean;
}

interface Props {
  stream: LiveStream;
  viewerCount: number;
  connection: PublishConnection;
  connectionDetail?: string;
  /** The latest measure of the upload; null before the first. */
  health?: PublishHealth | null;
  /** False while the server does not answer (see useServerAnswering). */
  serverAnswering?: boolean;
  audioEnabled: boolean;
  videoEnabled: boolean;
  onToggleAudio: () => void;
  onToggleVideo: () => void;
  /** Absent when reconnecting cannot help (e.g. this tab has no publish key). */
  onReconnect?: () => void;
  /**
   * True when the owner confirms the end (the request is on its way), false if it failed. The
   * relay and /ws may announce the end before the request answers; that is this end, not one
   * from elsewhere.
   */
  onEnding?: (ending: boolean) => void;
  onEnded: (result: EndResult) => void;
}

/** The broadcaster's controls: mute, camera, viewers, duration, connection, and ending the stream. */
export function LiveStreamControls(props: Props) {
  const {
    stream,
    viewerCount,
    connection,
    connectionDetail,
    health = null,
    serverAnswering = true,
    audioEnabled,
    videoEnabled,
  } = props;
  const now = useNow(1000);
  const [confirming, setConfirming] = useState(false);
  const [saveRecording, setSaveRecording] = useState(true);
  const [ending, setEnding] = useState(false);
  const [endError, setEndError] = useState<string | null>(null);
  const [result, setResult] = useState<EndResult | null>(null);

  const startedAt =
    stream.startedAt === null ? null : Date.parse(stream.startedAt);
  const elapsed =
    startedAt === null || Number.isNaN(startedAt)
      ? null
      : formatDuration(now - startedAt);
  const { label, live, warning } = broadcastHealth(
    connection,
    stream.status,
    health,
    serverAnswering,
  );

  async function confirmEnd() {
    setEnding(true);
    setEndError(null);
    props.onEnding?.(true);
    try {
      const response = await endLiveStream(stream.id, saveRecording);
      const ended = { ...response, saveRecording };
      setResult(ended);
      setConfirming(false);
      props.onEnded(ended);
    } catch (error) {
      props.onEnding?.(false);
      setEndError(friendlyMessage(error));
    } finally {
      setEnding(false);
    }
  }

  // The reel from the end response; else the one /ws later names on the stream.
  if (result !== null)
    return (
      <EndSummary
        result={result}
        reelId={result.reel?.id ?? stream.reelId ?? result.stream.reelId}
      />
    );

  return (
    <div className="controls">
      <div className="control-status" aria-live="polite">
        <span
          className={`pill ${live ? "live" : ""}${warning ? " warning" : ""}`}
          role="status"
          aria-label={`Connection: ${label}`}
        >
          {label}
        </span>
        <span aria-label={viewersLabel(viewerCount)}>
          <EyeIcon /> {viewerCount}
        </span>
        <span aria-label="Elapsed time">{elapsed ?? "–:––"}</span>
      </div>
      {health !== null && connection === "connected" ? (
        <p className="upload-stats muted">{uploadText(health)}</p>
      ) : null}
      {connectionDetail !== undefined && connection === "failed" ? (
        <p className="error-text">{connectionDetail}</p>
      ) : null}
      <div className="row">
        {/* The labels name the action ("Unmute" while muted): plain buttons, not toggles — a
            toggle whose label changes too reads as the opposite ("Camera on, pressed"). */}
        <button type="button" onClick={props.onToggleAudio}>
          {audioEnabled ? "Mute" : "Unmute"}
        </button>
        <button type="button" onClick={props.onToggleVideo}>
          {videoEnabled ? "Camera off" : "Camera on"}
        </button>
        {props.onReconnect !== undefined &&
        (connection === "reconnecting" || connection === "failed") ? (
          <button type="button" onClick={props.onReconnect}>
            Reconnect now
          </button>
        ) : null}
        <button
          type="button"
          className="danger"
          onClick={() => setConfirming(true)}
        >
          End stream
        </button>
      </div>
      {confirming ? (
        <EndStreamDialog
          title="End your live stream?"
          choiceName="recording"
          saveLabel="Save it as a reel"
          discardLabel="Discard it"
          saveRecording={saveRecording}
          onSaveRecordingChange={setSaveRecording}
          error={endError}
          busy={ending}
          onConfirm={confirmEnd}
          onClose={() => setConfirming(false)}
        >
          <p>
            Viewers will see that the stream has ended. What should happen to
            the recording?
          </p>
        </EndStreamDialog>
      ) : null}
    </div>
  );
}

function EndSummary({
  result,
  reelId,
}: {
  result: EndResult;
  reelId: string | null;
}) {
  const { stream, reel, saveRecording } = result;
  let message: string;
  if (reelId !== null) message = "Your stream was saved as a reel.";
  else if (!saveRecording || stream.recording === "discarded")
    message = "The recording was discarded.";
  else if (stream.recording === "failed")
    message = "The recording could not be saved.";
  else
    message = "Your recording is processing. It will appear as a reel shortly.";
  const reelLink =
    reelId !== null ? `/reels/${encodeURIComponent(reelId)}` : null;
  return (
    <StreamEndedPanel
      title="Stream ended"
      className="end-summary"
      reelId={reelId}
      watchLabel="Watch your reel"
      summaryOf={stream.id}
    >
      <p>{message}</p>
      {reel !== null && reelLink !== null ? (
        <Link className="reel-card" to={reelLink}>
          {reel.thumbnailUrl !== "" ? (
            <img src={reel.thumbnailUrl} alt="" width={96} />
          ) : null}
          <span>
            <strong>{reel.title}</strong>
            <span className="muted"> · {formatDuration(reel.durationMs)}</span>
          </span>
        </Link>
      ) : null}
      <p className="muted">Peak viewers: {stream.peakViewers}</p>
    </StreamEndedPanel>
  );
}

/** "Upload 800 kbit/s · Nothing dropped" */
function uploadText(health: PublishHealth): string {
  const dropped =
    health.droppedChunks > 0
      ? `Dropped ${formatBytes(health.droppedBytes)} (${countOf(health.droppedChunks, "chunk")})`
      : "Nothing dropped";
  return health.bitrateKbps === null
    ? dropped
    : `Upload ${health.bitrateKbps.toLocaleString("en")} kbit/s · ${dropped}`;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
