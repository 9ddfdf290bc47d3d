import { useCallback, useEffect, useId, useState } from "react";
import { liftBan, listBans, type Ban } from "../api/client";
import { friendlyMessage } from "../api/errorMessages";
import { ErrorMessage } from "../components/ErrorMessage";
import { formatDateTime, formatUntil } from "../lib/time";

type Status = { kind: "done" | "error"; text: string } | null;

interface Props {
  /** The channel: the signed-in creator's own handle. */
  creatorHandle: string;
}

/** Who is banned or timed out of the channel, until when, why and by whom; lift a ban. */
export function BannedUsersSection({ creatorHandle }: Props) {
  const [bans, setBans] = useState<readonly Ban[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Status>(null);
  const headingId = useId();

  const load = useCallback(() => {
    listBans(creatorHandle).then(({ items }) => setBans(items), setLoadError);
  }, [creatorHandle]);
  useEffect(load, [load]);

  function retry() {
    setLoadError(null);
    load();
  }

  async function lift(ban: Ban) {
    setBusy(true);
    setStatus(null);
    try {
      await liftBan(creatorHandle, ban.user.handle);
      setBans(
        (current) => current?.filter((b) => b.user.id !== ban.user.id) ?? null,
      );
      setStatus({
        kind: "done",
        text: `Lifted the ban on @${ban.user.handle}.`,
      });
    } catch (cause) {
      setStatus({ kind: "error", text: friendlyMessage(cause) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel settings-section" aria-labelledby={headingId}>
      <div className="row spread">
        <h2 id={headingId}>Banned users</h2>
        <button type="button" className="secondary" onClick={retry}>
          Refresh
        </button>
      </div>
      {loadError !== null ? (
        <ErrorMessage error={loadError} onRetry={retry} />
      ) : bans === null ? (
        <p className="muted">Loading bans…</p>
      ) : bans.length === 0 ? (
        <p className="muted">Nobody is banned from your streams.</p>
      ) : (
        <ul className="settings-list ban-list" aria-label="Banned users">
          {bans.map((ban) => (
            <li key={ban.user.id}>
              <div>
                <p className="ban-who">
                  {ban.user.displayName}{" "}
                  <span className="muted">@{ban.user.handle}</span>
                </p>
                <p className="hint">
                  {ban.until === null
                    ? "Banned for good"
                    : `Timed out until ${formatUntil(ban.until)}`}
                  {" · by @"}
                  {ban.createdBy.handle}
                  {" · "}
                  <time dateTime={ban.createdAt}>
                    {formatDateTime(ban.createdAt)}
                  </time>
                </p>
                {ban.reason !== "" ? (
                  <p className="hint">Reason: {ban.reason}</p>
                ) : null}
              </div>
              <button
                type="button"
                className="secondary"
                disabled={busy}
                aria-label={`Lift the ban on @${ban.user.handle}`}
                onClick={() => void lift(ban)}
              >
                Lift
              </button>
            </li>
          ))}
        </ul>
      )}
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
