import { useCallback, useEffect, useState } from "react";
import { Link } from "react-router";
import {
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  type AppNotification,
} from "../api/client";
import { friendlyMessage } from "../api/errorMessages";
import { useNotifications } from "../app/NotificationsContext";
import { useServerEvents } from "../app/EventSocketContext";
import { ErrorMessage } from "../components/ErrorMessage";
import { inAppPath } from "../lib/links";
import { formatRelative } from "../lib/time";

export function NotificationsScreen() {
  const { setUnread, adjustUnread } = useNotifications();
  const [items, setItems] = useState<AppNotification[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  const load = useCallback(
    (from: string | null) => {
      listNotifications(from).then((page) => {
        setItems((existing) =>
          from === null ? page.items : [...(existing ?? []), ...page.items],
        );
        setCursor(page.nextCursor);
        setUnread(page.unreadCount);
      }, setError);
    },
    [setUnread],
  );

  useEffect(() => load(null), [load]);

  useServerEvents((event) => {
    if (event.type !== "notification") return;
    const notification = (event as { notification?: AppNotification })
      .notification;
    if (notification === undefined) return;
    setItems((existing) =>
      existing === null || existing.some((n) => n.id === notification.id)
        ? existing
        : [notification, ...existing],
    );
  });

  async function markRead(notification: AppNotification) {
    setActionError(null);
    try {
      await markNotificationRead(notification.id);
      setItems(
        (existing) =>
          existing?.map((n) =>
            n.id === notification.id
              ? { ...n, readAt: new Date().toISOString() }
              : n,
          ) ?? existing,
      );
      adjustUnread(-1);
    } catch (cause) {
      setActionError(friendlyMessage(cause));
    }
  }

  /** Opening a notification reads it: marked read on the way, without holding up the link. */
  function opened(notification: AppNotification) {
    if (notification.readAt !== null) return;
    void markNotificationRead(notification.id).then(
      () => adjustUnread(-1),
      () => undefined,
    );
  }

  async function markAll() {
    setActionError(null);
    try {
      await markAllNotificationsRead();
      const now = new Date().toISOString();
      setItems(
        (existing) =>
          existing?.map((n) =>
            n.readAt === null ? { ...n, readAt: now } : n,
          ) ?? existing,
      );
      setUnread(0);
    } catch (cause) {
      setActionError(friendlyMessage(cause));
    }
  }

  if (error !== null && items === null) {
    return (
      <ErrorMessage
        error={error}
        onRetry={() => {
          setError(null);
          load(null);
        }}
      />
    );
  }
  if (items === null)
    return (
      <p className="muted" role="status">
        Loading notifications…
      </p>
    );

  const anyUnread = items.some((n) => n.readAt === null);
  return (
    <section className="screen notifications">
      <div className="row spread">
        <h1>Notifications</h1>
        <button
          type="button"
          className="secondary"
          onClick={markAll}
          disabled={!anyUnread}
        >
          Mark all read
        </button>
      </div>
      {actionError !== null ? (
        <p className="error-text" role="alert">
          {actionError}
        </p>
      ) : null}
      {items.length === 0 ? (
        <p className="muted">No notifications yet.</p>
      ) : null}
      <ul className="notification-list">
        {items.map((n) => {
          const path = inAppPath(n.link);
          const title =
            path !== null ? (
              <Link to={path} onClick={() => opened(n)}>
                {n.title}
              </Link>
            ) : (
              <a href={n.link} onClick={() => opened(n)}>
                {n.title}
              </a>
            );
          return (
            <li key={n.id} className={n.readAt === null ? "unread" : ""}>
              <div>
                <strong>{title}</strong>
                {n.readAt === null ? (
                  <span className="visually-hidden"> (unread)</span>
                ) : null}
                {n.body !== "" ? <p>{n.body}</p> : null}
                <p className="muted">
                  @{n.actor.handle} ·{" "}
                  <time dateTime={n.createdAt}>
                    {formatRelative(n.createdAt)}
                  </time>
                </p>
              </div>
              {n.readAt === null ? (
                <button
                  type="button"
                  className="secondary"
                  onClick={() => markRead(n)}
                  aria-label={`Mark read: “${n.title}”`}
                >
                  Mark read
                </button>
              ) : null}
            </li>
          );
        })}
      </ul>
      {cursor !== null ? (
        <button
          type="button"
          className="secondary"
          onClick={() => load(cursor)}
        >
          Load more
        </button>
      ) : null}
    </section>
  );
}
