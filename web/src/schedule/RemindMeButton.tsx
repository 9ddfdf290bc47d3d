import { useState } from "react";
import { Link } from "react-router";
import {
  isApiError,
  setScheduledReminder,
  type ScheduledLive,
  type ScheduledStatus,
} from "../api/client";
import { scheduledLiveMessage } from "../api/errorMessages";
import { useAuth } from "../app/AuthContext";

interface Props {
  entry: ScheduledLive;
  /** The entry as it is now: reminded or not (and its count), or a status the server said. */
  onChange: (entry: ScheduledLive) => void;
  /** An element naming the entry, for lists where every button says "Remind me". */
  describedBy?: string;
}

/**
 * "Remind me" (a toggle) for signed-in viewers other than the creator, while the live is
 * upcoming; a visitor gets a link to sign in and come back. The server's refusal (the live was
 * cancelled or started meanwhile) is said, and the entry's new status passed on.
 */
export function RemindMeButton({ entry, onChange, describedBy }: Props) {
  const { status, user } = useAuth();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{
    kind: "done" | "error";
    text: string;
  } | null>(null);

  const refusal =
    message?.kind === "error" ? (
      <span role="alert" className="error-text">
        {message.text}
      </span>
    ) : null;
  // The server said the live is not upcoming any more: say so where the button was.
  if (entry.status !== "upcoming") return refusal;
  if (status === "signedOut") {
    const next = encodeURIComponent(
      `/scheduled/${encodeURIComponent(entry.id)}`,
    );
    return (
      <Link
        className="button secondary"
        to={`/login?next=${next}`}
        aria-describedby={describedBy}
      >
        Sign in to be reminded
      </Link>
    );
  }
  if (user === null || user.id === entry.author.id) return null;

  async function toggle() {
    const on = !entry.isReminded;
    setBusy(true);
    setMessage(null);
    try {
      await setScheduledReminder(entry.id, on);
      onChange({
        ...entry,
        isReminded: on,
        remindersCount: Math.max(0, entry.remindersCount + (on ? 1 : -1)),
      });
      setMessage({
        kind: "done",
        text: on
          ? "We will remind you 10 minutes before it starts."
          : "You will not be reminded.",
      });
    } catch (error) {
      setMessage({ kind: "error", text: scheduledLiveMessage(error) });
      const changed = isApiError(error, "conflict")
        ? error.details.status
        : undefined;
      if (typeof changed === "string")
        onChange({ ...entry, status: changed as ScheduledStatus });
    } finally {
      setBusy(false);
    }
  }

  return (
    <span className="remind-me">
      <button
        type="button"
        className={entry.isReminded ? "primary" : "secondary"}
        aria-pressed={entry.isReminded}
        aria-describedby={describedBy}
        onClick={() => void toggle()}
        disabled={busy}
      >
        <span aria-hidden="true">{entry.isReminded ? "✓" : "🔔"}</span>
        Remind me
      </button>
      <span role="status" className="hint">
        {message?.kind === "done" ? message.text : ""}
      </span>
      {refusal}
    </span>
  );
}
