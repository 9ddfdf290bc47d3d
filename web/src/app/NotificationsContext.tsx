import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from "react";
import * as api from "../api/client";
import { useAuth } from "./AuthContext";
import { useServerEvents } from "./EventSocketContext";

export interface Notifications {
  unreadCount: number;
  /** Changes the count after the user marks notifications read. */
  adjustUnread: (delta: number) => void;
  setUnread: (count: number) => void;
}

const NotificationsContext = createContext<Notifications | null>(null);

/** The unread count: loaded once per sign-in, then kept current by `/ws` notification events. */
export function NotificationsProvider({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  const userId = user?.id ?? null;
  // The count belongs to one user: another user (or nobody) starts from zero.
  const [count, setCount] = useState<{ userId: string | null; value: number }>({
    userId: null,
    value: 0,
  });
  const unreadCount = count.userId === userId ? count.value : 0;
  const setUnreadCount = useCallback(
    (update: (n: number) => number) =>
      setCount((c) => ({
        userId,
        value: update(c.userId === userId ? c.value : 0),
      })),
    [userId],
  );

  useEffect(() => {
    if (userId === null) return undefined;
    let cancelled = false;
    api.listNotifications().then(
      (page) => {
        if (!cancelled) setCount({ userId, value: page.unreadCount });
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [userId]);

  useServerEvents((event) => {
    if (event.type !== "notification") return;
    const notification = (event as { notification?: api.AppNotification })
      .notification;
    if (notification !== undefined && notification.readAt === null)
      setUnreadCount((n) => n + 1);
  });

  const adjustUnread = useCallback(
    (delta: number) => setUnreadCount((n) => Math.max(0, n + delta)),
    [setUnreadCount],
  );
  const setUnread = useCallback(
    (value: number) => setUnreadCount(() => Math.max(0, value)),
    [setUnreadCount],
  );
  const value = useMemo(
    () => ({ unreadCount, adjustUnread, setUnread }),
    [unreadCount, adjustUnread, setUnread],
  );
  return (
    <NotificationsContext.Provider value={value}>
      {children}
    </NotificationsContext.Provider>
  );
}

export function useNotifications(): Notifications {
  const value = useContext(NotificationsContext);
  if (value === null)
    throw new Error("useNotifications outside NotificationsProvider");
  return value;
}
