import { useId } from "react";
import { Link } from "react-router";
import type { LiveStream } from "../api/client";
import { viewersLabel } from "../lib/plural";
import { Avatar } from "./Avatar";
import { FollowButton } from "./FollowButton";
import { EyeIcon } from "./Icons";

interface Props {
  stream: LiveStream;
  /** Whether the viewer follows the creator, when the list knows it. */
  following?: boolean;
}

/** One live stream in a list: its picture, full title, audience, and who is on air. */
export function LiveCard({ stream, following }: Props) {
  const titleId = useId();
  const sensitive = stream.sensitivity === "sensitive";
  const { author } = stream;
  return (
    <article className="live-card" aria-labelledby={titleId}>
      <Link
        className="live-card-link"
        to={`/live/${encodeURIComponent(stream.id)}`}
      >
        <span className={`live-thumb${sensitive ? " sensitive" : ""}`}>
          {stream.thumbnailUrl ? (
            <img
              src={stream.thumbnailUrl}
              alt={`Live preview of “${stream.title}”`}
            />
          ) : (
            <Avatar user={author} size="large" />
          )}
          <span className={`pill ${stream.status === "live" ? "live" : ""}`}>
            {stream.status === "interrupted" ? "Paused" : "Live"}
          </span>
          <span className="live-thumb-viewers">
            <EyeIcon /> {viewersLabel(stream.viewerCount)}
          </span>
        </span>
        <span className="live-card-title" id={titleId}>
          {stream.title}
        </span>
      </Link>
      <div className="live-card-creator">
        <Avatar user={author} />
        <Link to={`/u/${encodeURIComponent(author.handle)}`}>
          {author.displayName}
        </Link>
        <FollowButton handle={author.handle} initialFollowing={following} />
      </div>
      {stream.gating !== "public" || sensitive ? (
        <p className="live-card-tags muted">
          {[
            stream.gating === "paid"
              ? `${stream.priceCredits ?? ""} credits`
              : null,
            stream.gating === "followers" ? "followers only" : null,
            sensitive ? "sensitive" : null,
          ]
            .filter((tag) => tag !== null)
            .join(" · ")}
        </p>
      ) : null}
    </article>
  );
}
