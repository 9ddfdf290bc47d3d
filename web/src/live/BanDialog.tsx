import { useId, useState } from "react";
import { createPortal } from "react-dom";
import type { User } from "../api/client";
import { Dialog } from "../components/Dialog";

/** A ban's `reason` may have up to this many characters. */
const maxReasonChars = 500;

export interface BanChoice {
  removeMessages: boolean;
  /** Trimmed; "" when none was given. */
  reason: string;
}

interface Props {
  /** A time-out (10 minutes) or a ban for good. */
  kind: "timeout" | "ban";
  user: Pick<User, "handle" | "displayName">;
  /** The request is on its way: the buttons wait and the dialog stays open. */
  busy: boolean;
  /** Why the last attempt failed, shown as an alert. */
  error: string | null;
  onConfirm: (choice: BanChoice) => void;
  onClose: () => void;
}

/**
 * Asks a moderator to confirm a time-out or a ban, with "also remove their messages" and an
 * optional reason. The caller sends the request. Drawn at the end of the body: on a phone the
 * live screen lies in its own layer, which must not hold the dialog under the app bar.
 */
export function BanDialog({
  kind,
  user,
  busy,
  error,
  onConfirm,
  onClose,
}: Props) {
  const [removeMessages, setRemoveMessages] = useState(false);
  const [reason, setReason] = useState("");
  const reasonId = useId();
  const timeout = kind === "timeout";
  return createPortal(
    <Dialog
      title={
        timeout
          ? `Time out @${user.handle} for 10 minutes?`
          : `Ban @${user.handle}?`
      }
      onClose={() => !busy && onClose()}
    >
      <p>
        {timeout
          ? `${user.displayName} will not be able to watch, chat or react in your channel's streams for 10 minutes.`
          : `${user.displayName} will not be able to watch, chat or react in your channel's streams until the ban is lifted.`}
      </p>
      <label className="choice">
        <input
          type="checkbox"
          checked={removeMessages}
          onChange={(event) => setRemoveMessages(event.target.checked)}
        />
        Also remove their messages
      </label>
      <div className="field">
        <label htmlFor={reasonId}>Reason (optional)</label>
        <input
          id={reasonId}
          value={reason}
          maxLength={maxReasonChars}
          onChange={(event) => setReason(event.target.value)}
        />
      </div>
      {error !== null ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
      <div className="row dialog-actions">
        <button
          type="button"
          className="danger"
          disabled={busy}
          onClick={() => onConfirm({ removeMessages, reason: reason.trim() })}
        >
          {busy
            ? timeout
              ? "Timing out…"
              : "Banning…"
            : timeout
              ? "Time out"
              : "Ban"}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={busy}
          onClick={onClose}
        >
          Cancel
        </button>
      </div>
    </Dialog>,
    document.body,
  );
}
