import { useCallback, useEffect, useState } from "react";
import { Link } from "react-router";
import {
  listUserScheduledLives,
  scheduleCalendarUrl,
  type ScheduledLive,
  type User,
} from "../api/client";
import { useServerEvents, useWatchLive } from "../app/EventSocketContext";
import { ErrorMessage } from "../components/ErrorMessage";
import { ScheduledList } from "./ScheduledList";

interface Props {
  creator: User;
  /** The profile is the signed-in user's own. */
  isMe: boolean;
}

/**
 * A profile's upcoming lives (and one live now), soonest first, with countdowns and Remind me;
 * kept current by the `live` topic's pushes about this creator's entries.
 */
export function UpcomingLives({ creator, isMe }: Props) {
  const [items, setItems] = useState<ScheduledLive[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const { handle, id: creatorId } = creator;

  const load = useCallback(() => {
    listUserScheduledLives(handle).then(({ items: found }) => {
      setItems(found);
      setError(null);
    }, setError);
  }, [handle]);
  useEffect(load, [load]);

  useWatchLive();
  useServerEvents((event) => {
    if (event.type !== "scheduled") return;
    if ((event as { authorId?: unknown }).authorId === creatorId) load();
  });

  const replace = useCallback((entry: ScheduledLive) => {
    setItems(
      (current) =>
        current?.map((e) => (e.id === entry.id ? entry : e)) ?? current,
    );
  }, []);

  const shown =
    items?.filter((e) => e.status === "upcoming" || e.status === "live") ??
    null;
  return (
    <section className="upcoming-lives" aria-labelledby="upcoming-lives">
      <div className="row spread">
        <h2 id="upcoming-lives">Upcoming lives</h2>
        {isMe ? (
          <Link className="button secondary" to="/scheduled/new">
            Schedule a live
          </Link>
        ) : null}
      </div>
      {error !== null && items === null ? (
        <ErrorMessage error={error} onRetry={load} />
      ) : null}
      {shown === null && error === null ? (
        <p className="muted">Loading…</p>
      ) : null}
      {shown !== null && shown.length === 0 ? (
        <p className="muted">
          {isMe ? "You have no lives scheduled." : "No lives scheduled."}
        </p>
      ) : null}
      {shown !== null && shown.length > 0 ? (
        <>
          <ScheduledList items={shown} onChange={replace} />
          <p className="hint">
            <a href={scheduleCalendarUrl(handle)}>
              Add @{handle}&apos;s lives to your calendar
            </a>{" "}
            (public lives, kept up to date).
          </p>
        </>
      ) : null}
    </section>
  );
}
