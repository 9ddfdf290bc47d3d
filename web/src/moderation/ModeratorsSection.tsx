import { useCallback, useEffect, useId, useState, type FormEvent } from "react";
import {
  addModerator,
  isApiError,
  listModerators,
  removeModerator,
  type User,
} from "../api/client";
import { friendlyMessage } from "../api/errorMessages";
import { ErrorMessage } from "../components/ErrorMessage";

type Status = { kind: "done" | "error"; text: string } | null;

/** A handle as people type it: "@Bob " → "Bob". */
function cleanHandle(text: string): string {
  return text.trim().replace(/^@/, "");
}

/** The people the signed-in creator appointed to moderate their channel: add and remove. */
export function ModeratorsSection() {
  const [moderators, setModerators] = useState<readonly User[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [handle, setHandle] = useState("");
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Status>(null);
  const headingId = useId();
  const inputId = useId();

  const load = useCallback(() => {
    listModerators().then(({ items }) => setModerators(items), setLoadError);
  }, []);
  useEffect(load, [load]);

  function retry() {
    setLoadError(null);
    load();
  }

  async function add(event: FormEvent) {
    event.preventDefault();
    const wanted = cleanHandle(handle);
    if (wanted === "" || busy) return;
    setBusy(true);
    setStatus(null);
    try {
      await addModerator(wanted);
      const { items } = await listModerators();
      setModerators(items);
      setHandle("");
      setStatus({ kind: "done", text: `@${wanted} is now a moderator.` });
    } catch (cause) {
      setStatus({
        kind: "error",
        text: isApiError(cause, "not_found")
          ? `There is no one with the handle @${wanted}.`
          : isApiError(cause, "validation_failed")
            ? "You moderate your own channel already."
            : friendlyMessage(cause),
      });
    } finally {
      setBusy(false);
    }
  }

  async function remove(moderator: User) {
    setBusy(true);
    setStatus(null);
    try {
      await removeModerator(moderator.handle);
      setModerators(
        (current) => current?.filter((m) => m.id !== moderator.id) ?? null,
      );
      setStatus({
        kind: "done",
        text: `@${moderator.handle} is no longer a moderator.`,
      });
    } catch (cause) {
      setStatus({ kind: "error", text: friendlyMessage(cause) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel settings-section" aria-labelledby={headingId}>
      <h2 id={headingId}>Moderators</h2>
      <p className="hint">
        Moderators can remove messages, time out and ban people in your
        streams&apos; chat. They cannot ban each other or you.
      </p>
      {loadError !== null ? (
        <ErrorMessage error={loadError} onRetry={retry} />
      ) : moderators === null ? (
        <p className="muted">Loading moderators…</p>
      ) : moderators.length === 0 ? (
        <p className="muted">No moderators yet.</p>
      ) : (
        <ul className="settings-list" aria-label="Your moderators">
          {moderators.map((moderator) => (
            <li key={moderator.id}>
              <span>
                {moderator.displayName}{" "}
                <span className="muted">@{moderator.handle}</span>
              </span>
              <button
                type="button"
                className="secondary"
                disabled={busy}
                aria-label={`Remove @${moderator.handle} as moderator`}
                onClick={() => void remove(moderator)}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="row" onSubmit={add}>
        <label htmlFor={inputId}>Add a moderator</label>
        <input
          id={inputId}
          placeholder="handle"
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          value={handle}
          onChange={(event) => setHandle(event.target.value)}
        />
        <button
          type="submit"
          className="primary"
          disabled={busy || cleanHandle(handle) === ""}
        >
          Add
        </button>
      </form>
      <p className="hint" role="status">
        {status?.kind === "done" ? status.text : ""}
      </p>
      {status?.kind === "error" ? (
        <p className="error-text" role="alert">
          {status.text}
        </p>
      ) : null}
    </section>
  );
}
