import {
  createContext,
  useContext,
  useEffect,
  useRef,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from "react";
import type { ServerEvent } from "../api/client";
import { useAuth } from "./AuthContext";
import { EventSocket, type EventSocketState } from "./eventSocket";

const EventSocketContext = createContext<EventSocket | null>(null);

/**
 * Opens the tab's one `/ws` connection once the session is known, for a visitor too (the server
 * greets one with `user: null`); it opens again as whoever signs in or out.
 */
export function EventSocketProvider({ children }: { children: ReactNode }) {
  const { status, user } = useAuth();
  const userId = user?.id ?? null;
  const sessionKnown = status !== "loading";
  const [socket] = useState(() => new EventSocket());

  useEffect(() => {
    if (!sessionKnown) return undefined;
    socket.start();
    const onOnline = () => socket.retryNow();
    window.addEventListener("online", onOnline);
    return () => {
      window.removeEventListener("online", onOnline);
      socket.stop();
    };
  }, [socket, userId, sessionKnown]);

  return (
    <EventSocketContext.Provider value={socket}>
      {children}
    </EventSocketContext.Provider>
  );
}

export function useEventSocket(): EventSocket {
  const socket = useContext(EventSocketContext);
  if (socket === null)
    throw new Error("useEventSocket outside EventSocketProvider");
  return socket;
}

export function useEventSocketState(): EventSocketState {
  const socket = useEventSocket();
  return useSyncExternalStore(
    (listener) => socket.onStateChange(listener),
    () => socket.state,
  );
}

/** Calls `listener` for every server event; the latest listener is used without resubscribing. */
export function useServerEvents(listener: (event: ServerEvent) => void): void {
  const socket = useEventSocket();
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(
    () => socket.addListener((event) => latest.current(event)),
    [socket],
  );
}

/** Subscribes to `stream` events of every live stream (the live lists) while mounted. */
export function useWatchLive(): void {
  const socket = useEventSocket();
  useEffect(() => socket.watchLive(), [socket]);
}

/** Subscribes to `stream` events of one stream while mounted. */
export function useWatchStream(streamId: string | null): void {
  const socket = useEventSocket();
  useEffect(
    () => (streamId === null ? undefined : socket.watchStream(streamId)),
    [socket, streamId],
  );
}
