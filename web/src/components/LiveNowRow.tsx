import { useCallback, useEffect, useRef, useState } from "react";
import { Link } from "react-router";
import { listLiveStreams, type LiveStream } from "../api/client";
import { useServerEvents } from "../app/EventSocketContext";
import { ErrorMessage } from "./ErrorMessage";
import { EyeIcon } from "./Icons";
import { viewersLabel } from "../lib/plural";

interface Props {
  scope: "following" | "all";
  title: string;
  emptyText: string;
  /** Periodic refresh, besides refreshing on `/ws` stream events. */
  refreshMs?: number;
}

/** A horizontal row of live streams, kept fresh by `/ws` stream events and a timer. */
export function LiveNowRow({
  scope,
  title,
  emptyText,
  refreshMs = 30_000,
}: Props) {
  const [streams, setStreams] = useState<LiveStream[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const pending = useRef(false);

  const load = useCallback(() => {
    if (pending.current) return;
    pending.current = true;
    listLiveStreams(scope, { limit: 20 })
      .then(
        (page) => {
          setStreams(page.items);
          setError(null);
        },
        (cause: unknown) => setError(cause),
      )
      .finally(() => {
        pending.current = false;
      });
  }, [scope]);

  useEffect(() => {
    load();
    const timer = setInterval(load, refreshMs);
    return () => clearInterval(timer);
  }, [load, refreshMs]);

  useServerEvents((event) => {
    if (event.type !== "stream") return;
    const stream = (event as { stream?: LiveStream }).stream;
    if (stream === undefined) return;
    const listed = streams?.some((s) => s.id === stream.id) ?? false;
    if (
      listed &&
      (stream.status === "live" || stream.status === "interrupted")
    ) {
      setStreams(
        (current) =>
          current?.map((s) => (s.id === stream.id ? stream : s)) ?? current,
      );
    } else {
      load(); // started, ended, or not ours to judge (following): ask the server
    }
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
              <Link
                className="live-card"
                to={`/live/${encodeURIComponent(stream.id)}`}
              >
                <span
                  className={`pill ${stream.status === "live" ? "live" : ""}`}
                >
                  {stream.status === "interrupted" ? "Paused" : "Live"}
                </span>
                <strong className="live-card-author">
                  {stream.author.displayName}
                </strong>
                <span className="live-card-title">{stream.title}</span>
                <span className="muted">
                  <span aria-label={viewersLabel(stream.viewerCount)}>
                    <EyeIcon /> {stream.viewerCount}
                  </span>
                  {stream.gating === "paid"
                    ? ` · ${stream.priceCredits ?? ""} credits`
                    : ""}
                  {stream.gating === "followers" ? " · followers" : ""}
                  {stream.sensitivity === "sensitive" ? " · sensitive" : ""}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
