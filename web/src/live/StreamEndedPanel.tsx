import { useEffect, useId, useState, type ReactNode } from "react";
import { Link } from "react-router";
import { getStreamInsights, type StreamInsights } from "../api/client";
import { ErrorMessage } from "../components/ErrorMessage";
import { StreamTotals } from "../components/StreamTotals";

interface Props {
  /** The panel's heading. */
  title: string;
  /** 1 where the panel stands in for the page's own title. */
  headingLevel?: 1 | 2;
  /** Added to `panel`, e.g. for layout. */
  className?: string;
  /** The reel the stream became, if any: a link to it leads the actions. */
  reelId: string | null;
  /** The reel link's text. */
  watchLabel: string;
  /**
   * For the creator: the stream whose summary (from its analytics) to show, with a link to the
   * full analytics page.
   */
  summaryOf?: string;
  /** What to say about the end, between the heading and the links. */
  children: ReactNode;
}

/** The panel shown once a live stream is over: what happened, the reel if there is one, and the way back. */
export function StreamEndedPanel({
  title,
  headingLevel = 2,
  className,
  reelId,
  watchLabel,
  summaryOf,
  children,
}: Props) {
  const Heading = headingLevel === 1 ? "h1" : "h2";
  return (
    <section
      className={className === undefined ? "panel" : `panel ${className}`}
      role="status"
    >
      <Heading>{title}</Heading>
      {children}
      {summaryOf !== undefined ? (
        <StreamSummary streamId={summaryOf} headingLevel={headingLevel + 1} />
      ) : null}
      <div className="row">
        {reelId !== null ? (
          <Link className="button" to={`/reels/${encodeURIComponent(reelId)}`}>
            {watchLabel}
          </Link>
        ) : null}
        <Link className="button secondary" to="/">
          Back to reels
        </Link>
      </div>
    </section>
  );
}

/** How the stream went, in numbers, for its creator. */
function StreamSummary({
  streamId,
  headingLevel,
}: {
  streamId: string;
  headingLevel: number;
}) {
  const [insights, setInsights] = useState<StreamInsights | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const headingId = useId();

  useEffect(() => {
    let cancelled = false;
    getStreamInsights(streamId).then(
      (next) => {
        if (!cancelled) setInsights(next);
      },
      (cause: unknown) => {
        if (!cancelled) setError(cause);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [streamId, attempt]);

  return (
    <section className="stream-summary" aria-labelledby={headingId}>
      <Heading id={headingId}>How it went</Heading>
      {insights !== null ? <StreamTotals insights={insights} /> : null}
      {insights === null && error === null ? (
        <p className="muted">Counting…</p>
      ) : null}
      {insights === null && error !== null ? (
        <ErrorMessage
          error={error}
          onRetry={() => {
            setError(null);
            setAttempt((n) => n + 1);
          }}
        />
      ) : null}
      <Link to={`/live/${encodeURIComponent(streamId)}/analytics`}>
        See the full analytics
      </Link>
    </section>
  );
}
