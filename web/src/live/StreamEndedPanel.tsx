import type { ReactNode } from "react";
import { Link } from "react-router";

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
