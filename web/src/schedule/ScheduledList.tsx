import { useId } from "react";
import { Link } from "react-router";
import type { ScheduledLive } from "../api/client";
import { Avatar } from "../components/Avatar";
import { Countdown } from "./Countdown";
import { formatStartsAt } from "./countdown";
import { RemindMeButton } from "./RemindMeButton";

interface Props {
  items: ScheduledLive[];
  /** Name each entry's creator (lists of several creators). */
  showAuthor?: boolean;
  /** An entry changed here (a reminder asked for or dropped). */
  onChange: (entry: ScheduledLive) => void;
}

/** Scheduled lives, soonest first: when, a countdown (or Live now), reminders and Remind me. */
export function ScheduledList({ items, showAuthor = false, onChange }: Props) {
  return (
    <ul className="scheduled-list">
      {items.map((entry) => (
        <li key={entry.id}>
          <ScheduledItem
            entry={entry}
            showAuthor={showAuthor}
            onChange={onChange}
          />
        </li>
      ))}
    </ul>
  );
}

function ScheduledItem({
  entry,
  showAuthor,
  onChange,
}: {
  entry: ScheduledLive;
  showAuthor: boolean;
  onChange: (entry: ScheduledLive) => void;
}) {
  const titleId = useId();
  const path = `/scheduled/${encodeURIComponent(entry.id)}`;
  const { author } = entry;
  return (
    <article className="scheduled-item" aria-labelledby={titleId}>
      <p className="scheduled-item-when">
        {entry.status === "live" ? (
          <span className="pill live">Live now</span>
        ) : null}
        <time dateTime={entry.startsAt}>{formatStartsAt(entry.startsAt)}</time>
        {entry.status === "upcoming" ? (
          <Countdown startsAt={entry.startsAt} />
        ) : null}
      </p>
      <Link id={titleId} className="scheduled-item-title" to={path}>
        {entry.title}
      </Link>
      {showAuthor ? (
        <p className="live-card-creator">
          <Avatar user={author} />
          <Link to={`/u/${encodeURIComponent(author.handle)}`}>
            {author.displayName}
          </Link>
        </p>
      ) : null}
      <div className="row">
        {entry.status === "live" && entry.streamId !== null ? (
          <Link
            className="button primary"
            to={`/live/${encodeURIComponent(entry.streamId)}`}
            aria-describedby={titleId}
          >
            Watch
          </Link>
        ) : null}
        <RemindMeButton
          entry={entry}
          onChange={onChange}
          describedBy={titleId}
        />
        {entry.status === "upcoming" ? (
          <span className="muted">
            {entry.remindersCount === 0
              ? ""
              : `${entry.remindersCount.toLocaleString("en")} reminded`}
          </span>
        ) : null}
      </div>
    </article>
  );
}
