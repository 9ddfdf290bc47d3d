import { useId, useState, type FormEvent } from "react";
import { isApiError, liftSuspension, suspendUser } from "../api/client";
import { friendlyMessage } from "../api/errorMessages";
import { Dialog } from "../components/Dialog";
import { formatUntil, localInputToIso } from "../lib/time";

/** A suspension's reason: 1..500 characters. */
const maxReasonChars = 500;

type Status = { kind: "done" | "error"; text: string } | null;

/** A handle as people type it: "@Bob " → "Bob". */
function cleanHandle(text: string): string {
  return text.trim().replace(/^@/, "");
}

/** What is wrong with the suspension form, field by field (empty: nothing). */
interface Problems {
  handle?: string;
  reason?: string;
  until?: string;
}

/** A suspension checked and ready to confirm. */
interface Planned {
  handle: string;
  reason: string;
  /** ISO; null: until lifted. */
  until: string | null;
}

function check(
  handle: string,
  reason: string,
  untilInput: string,
  now: number = Date.now(),
): { planned: Planned } | { problems: Problems } {
  const problems: Problems = {};
  const wanted = cleanHandle(handle);
  if (wanted === "") problems.handle = "Enter the handle of the account.";
  const why = reason.trim();
  if (why === "") problems.reason = "Say why (the log keeps it).";
  else if (Array.from(why).length > maxReasonChars)
    problems.reason = `A reason has at most ${maxReasonChars} characters.`;
  let until: string | null = null;
  if (untilInput !== "") {
    until = localInputToIso(untilInput);
    if (until === null || Date.parse(until) <= now)
      problems.until =
        "Choose an end in the future, or leave it empty to suspend until lifted.";
  }
  return Object.keys(problems).length > 0
    ? { problems }
    : { planned: { handle: wanted, reason: why, until } };
}

/**
 * Operators suspend an account by handle (with a reason and, if they like, an end) and lift a
 * suspension. Suspending is confirmed first: the account is signed out everywhere, a live stream
 * of theirs ends, and it cannot sign in meanwhile.
 */
export function AdminSuspensions() {
  const [handle, setHandle] = useState("");
  const [reason, setReason] = useState("");
  const [until, setUntil] = useState("");
  const [problems, setProblems] = useState<Problems>({});
  const [planned, setPlanned] = useState<Planned | null>(null);
  const [liftHandle, setLiftHandle] = useState("");
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Status>(null);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const ids = {
    heading: useId(),
    suspendHeading: useId(),
    liftHeading: useId(),
    handle: useId(),
    handleError: useId(),
    reason: useId(),
    reasonHint: useId(),
    reasonError: useId(),
    until: useId(),
    untilHint: useId(),
    untilError: useId(),
    lift: useId(),
  };

  function onSuspend(event: FormEvent) {
    event.preventDefault();
    setStatus(null);
    const result = check(handle, reason, until);
    if ("problems" in result) {
      setProblems(result.problems);
      const first = result.problems.handle
        ? ids.handle
        : result.problems.reason
          ? ids.reason
          : ids.until;
      document.getElementById(first)?.focus();
      return;
    }
    setProblems({});
    setDialogError(null);
    setPlanned(result.planned);
  }

  async function confirmSuspend() {
    if (planned === null) return;
    setBusy(true);
    setDialogError(null);
    try {
      await suspendUser(planned.handle, {
        reason: planned.reason,
        until: planned.until,
      });
      setPlanned(null);
      setHandle("");
      setReason("");
      setUntil("");
      setStatus({
        kind: "done",
        text:
          planned.until === null
            ? `Suspended @${planned.handle} until the suspension is lifted.`
            : `Suspended @${planned.handle} until ${formatUntil(planned.until)}.`,
      });
    } catch (cause) {
      setDialogError(suspendRefusal(cause, planned.handle));
    } finally {
      setBusy(false);
    }
  }

  async function onLift(event: FormEvent) {
    event.preventDefault();
    const wanted = cleanHandle(liftHandle);
    if (wanted === "" || busy) return;
    setBusy(true);
    setStatus(null);
    try {
      await liftSuspension(wanted);
      setLiftHandle("");
      setStatus({
        kind: "done",
        text: `@${wanted} is not suspended any more and can sign in.`,
      });
    } catch (cause) {
      setStatus({
        kind: "error",
        text: isApiError(cause, "not_found")
          ? `There is no one with the handle @${wanted}.`
          : friendlyMessage(cause),
      });
    } finally {
      setBusy(false);
    }
  }

  function described(hint: string | null, error: string, shown: boolean) {
    return [hint, shown ? error : null].filter((x) => x !== null).join(" ");
  }

  return (
    <section className="panel admin-suspensions" aria-labelledby={ids.heading}>
      <h2 id={ids.heading}>Suspensions</h2>
      <p className="hint">
        A suspended account is signed out everywhere, its live stream ends, and
        it cannot sign in until the end you set or until you lift the
        suspension.
      </p>
      <form
        className="form"
        aria-labelledby={ids.suspendHeading}
        onSubmit={onSuspend}
        noValidate
      >
        <h3 id={ids.suspendHeading}>Suspend an account</h3>
        <div className="field">
          <label htmlFor={ids.handle}>Handle</label>
          <input
            id={ids.handle}
            placeholder="handle"
            autoCapitalize="none"
            autoCorrect="off"
            spellCheck={false}
            value={handle}
            aria-invalid={problems.handle !== undefined}
            aria-describedby={
              problems.handle !== undefined ? ids.handleError : undefined
            }
            onChange={(event) => {
              setHandle(event.target.value);
              setProblems(({ handle: _, ...rest }) => rest);
            }}
          />
          {problems.handle !== undefined ? (
            <p className="field-error" id={ids.handleError}>
              {problems.handle}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor={ids.reason}>Reason</label>
          <textarea
            id={ids.reason}
            rows={2}
            value={reason}
            maxLength={maxReasonChars}
            aria-invalid={problems.reason !== undefined}
            aria-describedby={described(
              ids.reasonHint,
              ids.reasonError,
              problems.reason !== undefined,
            )}
            onChange={(event) => {
              setReason(event.target.value);
              setProblems(({ reason: _, ...rest }) => rest);
            }}
          />
          <p className="hint" id={ids.reasonHint}>
            Up to {maxReasonChars} characters; the moderation log keeps it.
          </p>
          {problems.reason !== undefined ? (
            <p className="field-error" id={ids.reasonError}>
              {problems.reason}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor={ids.until}>Ends (optional)</label>
          <input
            id={ids.until}
            type="datetime-local"
            value={until}
            aria-invalid={problems.until !== undefined}
            aria-describedby={described(
              ids.untilHint,
              ids.untilError,
              problems.until !== undefined,
            )}
            onChange={(event) => {
              setUntil(event.target.value);
              setProblems(({ until: _, ...rest }) => rest);
            }}
          />
          <p className="hint" id={ids.untilHint}>
            In your time zone. Leave it empty to suspend until lifted.
          </p>
          {problems.until !== undefined ? (
            <p className="field-error" id={ids.untilError}>
              {problems.until}
            </p>
          ) : null}
        </div>
        <div className="row">
          <button type="submit" className="danger" disabled={busy}>
            Suspend
          </button>
        </div>
      </form>
      <form
        className="form"
        aria-labelledby={ids.liftHeading}
        onSubmit={(event) => void onLift(event)}
      >
        <h3 id={ids.liftHeading}>Lift a suspension</h3>
        <div className="field">
          <label htmlFor={ids.lift}>Handle</label>
          <input
            id={ids.lift}
            placeholder="handle"
            autoCapitalize="none"
            autoCorrect="off"
            spellCheck={false}
            value={liftHandle}
            onChange={(event) => setLiftHandle(event.target.value)}
          />
        </div>
        <div className="row">
          <button
            type="submit"
            className="primary"
            disabled={busy || cleanHandle(liftHandle) === ""}
          >
            Lift suspension
          </button>
        </div>
      </form>
      <p className="hint" role="status">
        {status?.kind === "done" ? status.text : ""}
      </p>
      {status?.kind === "error" ? (
        <p className="error-text" role="alert">
          {status.text}
        </p>
      ) : null}
      {planned !== null ? (
        <Dialog
          title={`Suspend @${planned.handle}?`}
          onClose={() => !busy && setPlanned(null)}
        >
          <p>
            {planned.until === null
              ? "Until you lift it, they cannot sign in. "
              : `Until ${formatUntil(planned.until)} they cannot sign in. `}
            They are signed out everywhere now, and a live stream of theirs
            ends.
          </p>
          <p className="hint">Reason: {planned.reason}</p>
          {dialogError !== null ? (
            <p className="error-text" role="alert">
              {dialogError}
            </p>
          ) : null}
          <div className="row dialog-actions">
            <button
              type="button"
              className="danger"
              disabled={busy}
              onClick={() => void confirmSuspend()}
            >
              {busy ? "Suspending…" : "Suspend"}
            </button>
            <button
              type="button"
              className="secondary"
              disabled={busy}
              onClick={() => setPlanned(null)}
            >
              Cancel
            </button>
          </div>
        </Dialog>
      ) : null}
    </section>
  );
}

/** Why the server refused a suspension, in the form's words. */
function suspendRefusal(cause: unknown, handle: string): string {
  if (isApiError(cause, "not_found"))
    return `There is no one with the handle @${handle}.`;
  if (isApiError(cause, "validation_failed")) {
    const field = cause.details.field;
    if (field === "handle") return "You cannot suspend yourself.";
    if (field === "until") return "The end must be in the future.";
    if (field === "reason") return "Give a reason of 1 to 500 characters.";
  }
  return friendlyMessage(cause);
}
