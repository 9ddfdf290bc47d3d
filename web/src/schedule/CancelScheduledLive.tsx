import { useState } from "react";
import {
  cancelScheduledLive,
  isApiError,
  type ScheduledLive,
  type ScheduledStatus,
} from "../api/client";
import { scheduledLiveMessage } from "../api/errorMessages";
import { Dialog } from "../components/Dialog";
import { formatStartsAt } from "./countdown";

interface Props {
  entry: ScheduledLive;
  onCancelled: () => void;
  /** The server said the entry is not upcoming any more (it started meanwhile). */
  onStatus: (status: ScheduledStatus) => void;
}

/** The creator's "Cancel live", after a confirmation; those reminded are told. */
export function CancelScheduledLive({ entry, onCancelled, onStatus }: Props) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await cancelScheduledLive(entry.id);
      setBusy(false);
      setOpen(false);
      onCancelled();
    } catch (cause) {
      setBusy(false);
      setError(scheduledLiveMessage(cause));
      const status = isApiError(cause, "conflict")
        ? cause.details.status
        : undefined;
      if (typeof status === "string") onStatus(status as ScheduledStatus);
    }
  }

  return (
    <>
      <button
        type="button"
        className="secondary"
        onClick={() => {
          setError(null);
          setOpen(true);
        }}
      >
        Cancel live
      </button>
      {open ? (
        <Dialog
          title="Cancel this live?"
          onClose={() => !busy && setOpen(false)}
        >
          <p>
            “{entry.title}”, {formatStartsAt(entry.startsAt)}, will be marked
            cancelled. Everyone who asked to be reminded is told. This cannot be
            undone.
          </p>
          {error !== null ? (
            <p className="error-text" role="alert">
              {error}
            </p>
          ) : null}
          {/* The safe choice first: it has the focus when the dialog opens. */}
          <div className="row">
            <button
              type="button"
              className="secondary"
              onClick={() => setOpen(false)}
              disabled={busy}
            >
              Keep it
            </button>
            <button
              type="button"
              className="danger"
              onClick={() => void confirm()}
              disabled={busy}
            >
              {busy ? "Cancelling…" : "Cancel the live"}
            </button>
          </div>
        </Dialog>
      ) : null}
    </>
  );
}
