import { useCallback, useEffect, useRef, useState } from "react";
import { listLiveStreams, type LiveStream } from "../api/client";
import {
  useEventSocketState,
  useServerEvents,
  useWatchLive,
} from "../app/EventSocketContext";
import { ErrorMessage } from "./ErrorMessage";
import { LiveCard } from "./LiveCard";

interface Props {
  scope: "following" | "all";
  title: string;
  emptyText: string;
  /** Periodic refresh (viewer counts are not pushed), besides the `/ws` live topic. */
  refreshMs?: number;
}

/** `stream` with its newest state: updated where it is, else first (newest first). */
function upsert(streams: LiveStream[], stream: LiveStream): LiveStream[] {
  return streams.some((s) => s.id === stream.id)
    ? streams.map((s) => (s.id === stream.id ? stream : s))
    : [stream, ...streams];
}

function uniqueById(streams: LiveStream[]): LiveStream[] {
  return streams.filter(
    (stream, index) => streams.findIndex((s) => s.id === stream.id) === index,
  );
}

/**
 * A row of live streams kept current by the `/ws` live topic: live or interrupted streams are
 * inserted or updated in place, ended ones removed. The following row cannot tell from a push
 * whether its author is followed, so a push about an author it does not know asks the server.
 */
export function LiveNowRow({
  scope,
  title,
  emptyText,
  refreshMs = 30_000,
}: Props) {
  const [streams, setStreams] = useState<LiveStream[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const inFlight = useRef(false);
  const reloadAfter = useRef(false);
  // An ended stream never comes back, even in a list fetched before it ended.
  const ended = useRef(new Set<string>());
  // Following row: authors a push made it ask about, and those the answer showed unfollowed.
  const askedAbout = useRef(new Set<string>());
  const notFollowed = useRef(new Set<string>());

  const load = useCallback(() => {
    if (inFlight.current) {
      reloadAfter.current = true; // a push came during the request: ask once more after it
      return;
    }
    inFlight.current = true;
    const fetchList = (): Promise<void> => {
      reloadAfter.current = false;
      const asked = [...askedAbout.current];
      return listLiveStreams(scope, { limit: 20 })
        .then(
          (page) => {
            const items = page.items.filter((s) => !ended.current.has(s.id));
            for (const authorId of asked) {
              askedAbout.current.delete(authorId);
              if (!items.some((s) => s.author.id === authorId))
                notFollowed.current.add(authorId);
            }
            setStreams(uniqueById(items));
            setError(null);
          },
          (cause: unknown) => setError(cause),
        )
        .then(() => (reloadAfter.current ? fetchList() : undefined));
    };
    void fetchList().finally(() => {
      inFlight.current = false;
    });
  }, [scope]);

  useEffect(() => {
    load();
    const timer = setInterval(() => {
      notFollowed.current.clear(); // follows change: ask again now and then
      load();
    }, refreshMs);
    return () => clearInterval(timer);
  }, [load, refreshMs]);

  useWatchLive();

  // Pushes missed while the socket was down: catch up once it is back.
  const socketState = useEventSocketState();
  const wasDown = useRef(false);
  useEffect(() => {
    if (socketState === "reconnecting") wasDown.current = true;
    else if (socketState === "open" && wasDown.current) {
      wasDown.current = false;
      load();
    }
  }, [socketState, load]);

  useServerEvents((event) => {
    if (event.type !== "stream") return;
    const stream = (event as { stream?: LiveStream }).stream;
    if (stream === undefined) return;
    if (stream.status === "ended") {
      ended.current.add(stream.id);
      setStreams(
        (current) => current?.filter((s) => s.id !== stream.id) ?? null,
      );
      return;
    }
    if (stream.status !== "live" && stream.status !== "interrupted") return;
    const authorId = stream.author.id;
    const knownAuthor = streams?.some((s) => s.author.id === authorId) ?? false;
    if (scope === "following" && !knownAuthor) {
      if (!notFollowed.current.has(authorId)) {
        askedAbout.current.add(authorId);
        load();
      }
      return;
    }
    setStreams((current) =>
      current === null ? null : upsert(current, stream),
    );
  });

  const headingId = `live-row-${scope}`;
  return (
    <section className="live-row" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {error !== null && streams === null ? (
        <ErrorMessage error={error} onRetry={load} />
      ) : null}
      {streams === null && error === null ? (
        <p className="muted">Loading…</p>
      ) : null}
      {streams !== null && streams.length === 0 ? (
        <p className="muted">{emptyText}</p>
      ) : null}
      {streams !== null && streams.length > 0 ? (
        <ul className="live-cards">
          {streams.map((stream) => (
            <li key={stream.id}>
              <LiveCard
                stream={stream}
                following={scope === "following" ? true : undefined}
              />
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
