import { useCallback, useEffect, useRef, useState } from "react";
import {
  listLiveStreams,
  listNotifications,
  listReels,
  listUserScheduledLives,
  type AppNotification,
  type ScheduledLive,
  type User,
} from "../api/client";
import { useAuth } from "../app/AuthContext";
import { useServerEvents, useWatchLive } from "../app/EventSocketContext";
import { ScheduledList } from "./ScheduledList";

/** How many creators' schedules the home screen asks for, and how many entries it shows. */
export const maxCreators = 8;
export const maxShown = 6;

const scheduleTypes = new Set([
  "LIVE_STREAM_SCHEDULED",
  "LIVE_STREAM_STARTING_SOON",
]);

/**
 * Whose schedules the home screen shows. The API has no list of whom a user follows, so these
 * are the creators the client already meets: the user, those whose scheduled lives they were
 * told of, and the authors of the followed live streams and reels (first pages); at most
 * {@link maxCreators}.
 */
export function creatorsToAsk(
  me: User,
  notifications: AppNotification[],
  followedAuthors: User[],
): User[] {
  const found = new Map<string, User>([[me.id, me]]);
  const add = (user: User) => {
    if (found.size < maxCreators && !found.has(user.id))
      found.set(user.id, user);
  };
  for (const n of notifications) if (scheduleTypes.has(n.type)) add(n.actor);
  for (const author of followedAuthors) add(author);
  return [...found.values()];
}

/** Upcoming and live entries of several creators, soonest first, at most {@link maxShown}. */
export function soonestOf(
  lists: Map<string, ScheduledLive[]>,
): ScheduledLive[] {
  return [...lists.values()]
    .flat()
    .filter((e) => e.status === "upcoming" || e.status === "live")
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))
    .slice(0, maxShown);
}

/**
 * The home screen's "Upcoming lives": the signed-in user's own and those of the creators they
 * follow (as far as the client knows them, see {@link creatorsToAsk}). Hidden while there are
 * none. A push about one of these creators' entries, or a new "scheduled a live" notification,
 * asks that creator's schedule again.
 */
export function UpcomingFromFollowed() {
  const { user } = useAuth();
  const [lists, setLists] = useState<Map<string, ScheduledLive[]>>(
    () => new Map(),
  );
  /** Creator id → handle, of those asked. */
  const creators = useRef(new Map<string, string>());

  const loadCreator = useCallback((creator: Pick<User, "id" | "handle">) => {
    creators.current.set(creator.id, creator.handle);
    listUserScheduledLives(creator.handle).then(
      ({ items }) =>
        setLists((current) => new Map(current).set(creator.id, items)),
      () => undefined, // one creator's schedule missing leaves the others
    );
  }, []);

  useEffect(() => {
    if (user === null) return undefined;
    let cancelled = false;
    const none = { items: [] };
    void Promise.all([
      listNotifications().catch(() => none),
      listLiveStreams("following", { limit: 20 }).catch(() => none),
      listReels("following").catch(() => none),
    ]).then(([notifications, streams, reels]) => {
      if (cancelled) return;
      const authors = [
        ...streams.items.map((s) => s.author),
        ...reels.items.map((r) => r.author),
      ];
      for (const creator of creatorsToAsk(user, notifications.items, authors))
        loadCreator(creator);
    });
    return () => {
      cancelled = true;
    };
  }, [user, loadCreator]);

  useWatchLive();
  useServerEvents((event) => {
    if (event.type === "scheduled") {
      const authorId = (event as { authorId?: unknown }).authorId;
      const handle =
        typeof authorId === "string"
          ? creators.current.get(authorId)
          : undefined;
      if (typeof authorId === "string" && handle !== undefined)
        loadCreator({ id: authorId, handle });
      return;
    }
    if (event.type === "notification") {
      const notification = (event as { notification?: AppNotification })
        .notification;
      if (notification === undefined || !scheduleTypes.has(notification.type))
        return;
      const { actor } = notification;
      if (creators.current.has(actor.id) || creators.current.size < maxCreators)
        loadCreator(actor);
    }
  });

  const replace = useCallback((entry: ScheduledLive) => {
    setLists((current) => {
      const next = new Map(current);
      const list = next.get(entry.author.id);
      if (list !== undefined)
        next.set(
          entry.author.id,
          list.map((e) => (e.id === entry.id ? entry : e)),
        );
      return next;
    });
  }, []);

  const shown = soonestOf(lists);
  if (user === null || shown.length === 0) return null;
  return (
    <section className="upcoming-lives" aria-labelledby="upcoming-home">
      <h2 id="upcoming-home">Upcoming lives</h2>
      <p className="hint">Yours and from people you follow.</p>
      <ScheduledList items={shown} showAuthor onChange={replace} />
    </section>
  );
}
