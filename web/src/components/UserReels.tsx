import { useCallback, useEffect, useState } from "react";
import { Link } from "react-router";
import { listUserReels, type Reel } from "../api/client";
import { formatDuration } from "../lib/time";
import { ErrorMessage } from "./ErrorMessage";

/** A creator's reels as a grid, newest first, a page at a time. */
export function UserReels({ handle }: { handle: string }) {
  const [reels, setReels] = useState<Reel[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);

  const fetchPage = useCallback(
    (from: string | null) => {
      listUserReels(handle, from)
        .then(
          (page) => {
            setReels((shown) => {
              const known = shown ?? [];
              return [
                ...known,
                ...page.items.filter((r) => !known.some((k) => k.id === r.id)),
              ];
            });
            setCursor(page.nextCursor);
          },
          (cause: unknown) => setError(cause),
        )
        .finally(() => setLoading(false));
    },
    [handle],
  );
  useEffect(() => fetchPage(null), [fetchPage]);

  function load(from: string | null) {
    setLoading(true);
    setError(null);
    fetchPage(from);
  }

  return (
    <section className="user-reels" aria-labelledby="user-reels-heading">
      <h2 id="user-reels-heading">Reels</h2>
      {reels === null && error === null ? (
        <p className="muted">Loading reels…</p>
      ) : null}
      {reels !== null && reels.length === 0 ? (
        <p className="muted">No reels yet.</p>
      ) : null}
      {reels !== null && reels.length > 0 ? (
        <ul className="reel-grid">
          {reels.map((reel) => (
            <li key={reel.id}>
              <Link to={`/reels/${encodeURIComponent(reel.id)}`}>
                {reel.thumbnailUrl !== "" ? (
                  <img
                    src={reel.thumbnailUrl}
                    alt={`Still from “${reel.title}”`}
                    loading="lazy"
                  />
                ) : (
                  <span className="reel-grid-placeholder" />
                )}
                <span className="reel-grid-title">{reel.title}</span>
                <span className="muted">{formatDuration(reel.durationMs)}</span>
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
      {error !== null ? (
        <ErrorMessage error={error} onRetry={() => load(cursor)} />
      ) : null}
      {cursor !== null && error === null ? (
        <button
          type="button"
          className="secondary"
          disabled={loading}
          onClick={() => load(cursor)}
        >
          {loading ? "Loading…" : "Load more"}
        </button>
      ) : null}
    </section>
  );
}
