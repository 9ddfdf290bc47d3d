import { useCallback, useEffect, useId, useRef, useState } from "react";
import {
  getAdminModerationLog,
  getModerationLog,
  type ModerationAction,
  type Page,
} from "../api/client";
import { friendlyMessage } from "../api/errorMessages";
import { ErrorMessage } from "../components/ErrorMessage";
import { formatDateTime } from "../lib/time";
import { describeAction } from "./moderationLog";

interface Props {
  /** A creator's channel, by handle; null: the whole site (operators). */
  channel: string | null;
  /** Changing it reloads the first page (a dashboard's Refresh). */
  reloadKey?: number;
}

function loadPage(
  channel: string | null,
  cursor: string | null,
): Promise<Page<ModerationAction>> {
  return channel === null
    ? getAdminModerationLog(cursor)
    : getModerationLog(channel, cursor);
}

/**
 * Who did what, newest first: a channel's moderation (its creator, moderators and operators) or
 * the whole site's, one sentence each ("@mod timed out @troll until 14:05 — spam"); Load more
 * pages back, Refresh starts again.
 */
export function ModerationLogSection({ channel, reloadKey = 0 }: Props) {
  const [items, setItems] = useState<readonly ModerationAction[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const headingId = useId();
  // Answers to an older first-page load are dropped; each first-page load starts a generation.
  const generation = useRef(0);

  const load = useCallback(
    (from: string | null) => {
      if (from === null) generation.current += 1;
      const mine = generation.current;
      loadPage(channel, from)
        .then(
          (page) => {
            if (mine !== generation.current) return;
            setItems((existing) => {
              if (from === null || existing === null) return page.items;
              const known = new Set(existing.map((a) => a.id));
              return [
                ...existing,
                ...page.items.filter((a) => !known.has(a.id)),
              ];
            });
            setCursor(page.nextCursor);
            setError(null);
          },
          (cause: unknown) => {
            if (mine === generation.current) setError(cause);
          },
        )
        .finally(() => {
          if (mine === generation.current) setLoadingMore(false);
        });
    },
    [channel],
  );

  useEffect(() => load(null), [load, reloadKey]);

  function refresh() {
    setError(null);
    setLoadingMore(false);
    load(null);
  }

  function loadMore() {
    if (cursor === null || loadingMore) return;
    setLoadingMore(true);
    load(cursor);
  }

  return (
    <section
      className="panel settings-section moderation-log"
      aria-labelledby={headingId}
    >
      <div className="row spread">
        <h2 id={headingId}>Moderation log</h2>
        <button
          type="button"
          className="secondary"
          aria-label="Refresh the moderation log"
          onClick={refresh}
        >
          Refresh
        </button>
      </div>
      <p className="hint">
        {channel === null
          ? "Everything moderators and operators did on this site, newest first."
          : "What you, your moderators and the operators did in your channel, newest first."}
      </p>
      {error !== null && items === null ? (
        <ErrorMessage error={error} onRetry={refresh} />
      ) : null}
      {items === null && error === null ? (
        <p className="muted">Loading the moderation log…</p>
      ) : null}
      {items !== null && items.length === 0 ? (
        <p className="muted">Nothing has been moderated yet.</p>
      ) : null}
      {items !== null && items.length > 0 ? (
        <ol className="settings-list log-list" aria-label="Moderation log">
          {items.map((entry) => (
            <li key={entry.id}>
              <div>
                <p className="log-line">{describeAction(entry)}</p>
                <p className="hint">
                  <time dateTime={entry.createdAt}>
                    {formatDateTime(entry.createdAt)}
                  </time>
                  {channel === null && entry.creator !== null
                    ? ` · @${entry.creator.handle}'s channel`
                    : ""}
                </p>
              </div>
            </li>
          ))}
        </ol>
      ) : null}
      {error !== null && items !== null ? (
        <p className="error-text" role="alert">
          {friendlyMessage(error)}
        </p>
      ) : null}
      {items !== null && cursor !== null ? (
        <button
          type="button"
          className="secondary"
          onClick={loadMore}
          disabled={loadingMore}
        >
          {loadingMore ? "Loading…" : "Load more"}
        </button>
      ) : null}
    </section>
  );
}
