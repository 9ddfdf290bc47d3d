import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { createPortal } from "react-dom";
import { Link, useLocation } from "react-router";
import { createReport, isApiError, type ReportItemType } from "../api/client";
import { friendlyMessage } from "../api/errorMessages";
import { useAuth } from "../app/AuthContext";
import { Dialog } from "../components/Dialog";
import { charCount, limitChars } from "../live/chatLog";

/** A report's reason: 1..500 characters (API.md). */
export const maxReportReasonChars = 500;

export const reportThanks = "Thanks — operators will look at it.";
export const reportDuplicate = "You have reported this already.";

interface Props {
  itemType: ReportItemType;
  /** The item's id (a user's id or handle). */
  itemId: string;
  /** What is reported, as the title says it: "this live stream", "@bob", "Carol's message". */
  subject: string;
  /** Shown quoted above the reason (a chat message's text). */
  quote?: string;
  onClose: () => void;
}

type Outcome = "form" | "sent" | "duplicate" | "signIn";

/**
 * Reports something to the operators with a reason (1–500 characters, counted). It sends the
 * report itself and says how it went: thanks, or that this user reported it already. Visitors are
 * asked to sign in first. Drawn at the end of the body, like the ban dialog, so that no layer of
 * the live screen holds it.
 */
export function ReportDialog({
  itemType,
  itemId,
  subject,
  quote,
  onClose,
}: Props) {
  const { user, status } = useAuth();
  const location = useLocation();
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome>("form");
  const reasonId = useId();
  const counterId = useId();
  const outcomeId = useId();
  const closeRef = useRef<HTMLButtonElement>(null);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  // Once it is settled, the only way on is Close: focus it, so its sentence is read out.
  useEffect(() => {
    if (outcome === "sent" || outcome === "duplicate")
      closeRef.current?.focus();
  }, [outcome]);

  const shown: Outcome =
    outcome === "form" && user === null && status !== "loading"
      ? "signIn"
      : outcome;
  const trimmed = reason.trim();
  const count = charCount(reason);

  async function send(event: FormEvent) {
    event.preventDefault();
    if (trimmed === "" || busy) return;
    setBusy(true);
    setError(null);
    try {
      await createReport({ itemType, itemId, reason: trimmed });
      if (alive.current) setOutcome("sent");
    } catch (cause) {
      if (!alive.current) return;
      if (isApiError(cause, "conflict")) setOutcome("duplicate");
      else if (isApiError(cause, "unauthenticated")) setOutcome("signIn");
      else setError(friendlyMessage(cause));
    } finally {
      if (alive.current) setBusy(false);
    }
  }

  const next = encodeURIComponent(`${location.pathname}${location.search}`);
  let body;
  if (shown === "signIn") {
    body = (
      <>
        <p>Sign in to report {subject} to the operators.</p>
        <div className="row dialog-actions">
          <Link className="button primary" to={`/login?next=${next}`}>
            Log in
          </Link>
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
        </div>
      </>
    );
  } else if (shown === "sent" || shown === "duplicate") {
    body = (
      <>
        <p id={outcomeId} role="status">
          {shown === "sent" ? reportThanks : reportDuplicate}
        </p>
        <div className="row dialog-actions">
          <button
            ref={closeRef}
            type="button"
            className="primary"
            aria-describedby={outcomeId}
            onClick={onClose}
          >
            Close
          </button>
        </div>
      </>
    );
  } else {
    body = (
      <form onSubmit={(event) => void send(event)} noValidate>
        <p className="hint">
          The operators of this site will see your report and that it came from
          you.
        </p>
        {quote !== undefined ? (
          <blockquote className="report-quote">“{quote}”</blockquote>
        ) : null}
        <div className="field">
          <label htmlFor={reasonId}>Why are you reporting it?</label>
          <textarea
            id={reasonId}
            rows={4}
            value={reason}
            required
            aria-describedby={counterId}
            onChange={(event) =>
              setReason(limitChars(event.target.value, maxReportReasonChars))
            }
          />
          <p className="hint" id={counterId}>
            {count} of {maxReportReasonChars} characters
          </p>
        </div>
        {error !== null ? (
          <p className="error-text" role="alert">
            {error}
          </p>
        ) : null}
        <div className="row dialog-actions">
          <button
            type="submit"
            className="primary"
            disabled={busy || trimmed === ""}
          >
            {busy ? "Sending…" : "Send report"}
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
      </form>
    );
  }

  return createPortal(
    <Dialog title={`Report ${subject}`} onClose={() => !busy && onClose()}>
      {body}
    </Dialog>,
    document.body,
  );
}
