import {
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type FormEvent,
  type KeyboardEvent,
} from "react";
import { Link, useLocation } from "react-router";
import {
  isApiError,
  listChat,
  removeChatMessage,
  sendChat,
  type ChatMessage,
} from "../api/client";
import { friendlyMessage } from "../api/errorMessages";
import { useAuth } from "../app/AuthContext";
import {
  useEventSocket,
  useServerEvents,
  useWatchStream,
} from "../app/EventSocketContext";
import { ErrorMessage } from "../components/ErrorMessage";
import { formatDateTime } from "../lib/time";
import { readChatEvent } from "./chatEvents";
import {
  charCount,
  laterId,
  limitChars,
  maxMessageChars,
  mergeMessages,
} from "./chatLog";

/** Messages per request when loading the history or catching up. */
const pageSize = 100;
/** Requests per load at most, so a busy chat never turns into a burst of requests. */
const maxPages = 5;
/** The counter appears once this few characters are left. */
const counterThreshold = 50;
/** Scrolled this close (px) to the bottom still counts as reading the newest messages. */
const stickyDistancePx = 32;

/** Chat's own words for some failures; the rest read as everywhere else. */
const chatErrorWords: Readonly<Record<string, string>> = {
  rate_limited: "Slow down — you can send another message in a moment",
  stream_ended: "Chat has ended",
  validation_failed:
    "A message needs 1 to 500 characters, without control characters.",
};

interface Props {
  streamId: string;
  /** The stream's creator: they (and admins) may remove messages. */
  ownerId: string;
  /** The stream has ended: the history stays, the input goes. */
  ended: boolean;
}

/**
 * A stream's live chat: the history on mount, new messages from `/ws` (caught up with `after=`
 * whenever the event socket opens again), a composer, and removal for the owner and admins.
 * Mount it with `key={streamId}`: it keeps one stream's messages.
 */
export function LiveChat({ streamId, ownerId, ended }: Props) {
  const { user, status } = useAuth();
  const location = useLocation();
  const socket = useEventSocket();
  const [messages, setMessages] = useState<readonly ChatMessage[]>([]);
  const [loadState, setLoadState] = useState<"loading" | "ready" | "failed">(
    "loading",
  );
  const [loadError, setLoadError] = useState<unknown>(null);
  const [draft, setDraft] = useState("");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** The server refused a message because the stream ended. */
  const [closed, setClosed] = useState(false);
  /** Messages arrived below while the reader was scrolled up. */
  const [unseen, setUnseen] = useState(false);

  const logRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const alive = useRef(true);
  const atBottom = useRef(true);
  const refocus = useRef(false);
  const loaded = useRef(false);
  /** The newest id seen (kept or removed): where a catch-up starts. */
  const newestId = useRef<string | null>(null);
  /** Removed here or by `chat_removed`: a late page or push must not bring them back. */
  const removed = useRef(new Set<string>());
  /** One fetch at a time; `again` asks for one more when it is done. */
  const fetching = useRef({ running: false, again: false });

  const canModerate = user !== null && (user.isAdmin || user.id === ownerId);
  const chatEnded = ended || closed;

  const addMessages = useCallback((incoming: readonly ChatMessage[]) => {
    const before = newestId.current;
    for (const message of incoming)
      newestId.current = laterId(newestId.current, message.id);
    if (newestId.current !== before && !atBottom.current) setUnseen(true);
    setMessages((current) => mergeMessages(current, incoming, removed.current));
  }, []);

  const dropMessage = useCallback((messageId: string) => {
    removed.current.add(messageId);
    setMessages((current) =>
      current.some((m) => m.id === messageId)
        ? current.filter((m) => m.id !== messageId)
        : current,
    );
  }, []);

  /** Fetches the newest messages first, then everything after the newest id; one fetch at a
   * time, again if asked meanwhile. */
  const fetchNewer = useCallback(async () => {
    const state = fetching.current;
    if (state.running) {
      state.again = true;
      return;
    }
    state.running = true;
    try {
      do {
        state.again = false;
        for (let page = 0; page < maxPages; page += 1) {
          const { items } = await listChat(
            streamId,
            newestId.current,
            pageSize,
          );
          if (!alive.current) return;
          addMessages(items);
          if (items.length < pageSize) break;
        }
      } while (state.again);
    } finally {
      state.running = false;
    }
  }, [streamId, addMessages]);

  /** The history first; later, whatever came while `/ws` was away. */
  const catchUp = useCallback(() => {
    fetchNewer().then(
      () => {
        if (!alive.current) return;
        loaded.current = true;
        setLoadState("ready");
      },
      (cause: unknown) => {
        // Once the history is shown, a failed catch-up stays quiet: the next reconnect retries.
        if (!alive.current || loaded.current) return;
        setLoadError(cause);
        setLoadState("failed");
      },
    );
  }, [fetchNewer]);

  useEffect(() => {
    alive.current = true;
    catchUp();
    return () => {
      alive.current = false;
    };
  }, [catchUp]);

  // Pushes are lost while the event socket is down: ask for what came meanwhile when it is back.
  useEffect(() => {
    let previous = socket.state;
    return socket.onStateChange(() => {
      const now = socket.state;
      if (now === "open" && previous !== "open") catchUp();
      previous = now;
    });
  }, [socket, catchUp]);

  useWatchStream(streamId);
  useServerEvents((event) => {
    const chat = readChatEvent(event, streamId);
    if (chat?.kind === "message") addMessages([chat.message]);
    else if (chat?.kind === "removed") dropMessage(chat.messageId);
  });

  // Follow the newest message unless the reader scrolled up to read older ones.
  useLayoutEffect(() => {
    const log = logRef.current;
    if (log !== null && atBottom.current) log.scrollTop = log.scrollHeight;
  }, [messages]);

  useEffect(() => {
    if (sending || !refocus.current) return;
    refocus.current = false;
    inputRef.current?.focus();
  }, [sending]);

  function onScroll() {
    const log = logRef.current;
    if (log === null) return;
    atBottom.current =
      log.scrollHeight - log.scrollTop - log.clientHeight <= stickyDistancePx;
    if (atBottom.current) setUnseen(false);
  }

  function showNewest() {
    atBottom.current = true;
    setUnseen(false);
    const log = logRef.current;
    if (log !== null) log.scrollTop = log.scrollHeight;
  }

  async function send() {
    const text = draft.trim();
    if (text === "" || sending || chatEnded) return;
    refocus.current =
      formRef.current?.contains(document.activeElement) ?? false;
    setSending(true);
    setError(null);
    try {
      const { message } = await sendChat(streamId, text);
      if (!alive.current) return;
      atBottom.current = true;
      setUnseen(false);
      addMessages([message]);
      setDraft("");
    } catch (cause) {
      if (!alive.current) return;
      if (isApiError(cause, "stream_ended")) setClosed(true);
      else setError(friendlyMessage(cause, chatErrorWords));
    } finally {
      if (alive.current) setSending(false);
    }
  }

  async function remove(message: ChatMessage) {
    setError(null);
    dropMessage(message.id);
    logRef.current?.focus(); // its button is gone
    try {
      await removeChatMessage(streamId, message.id);
    } catch (cause) {
      // Already gone is what was asked for.
      if (!alive.current || isApiError(cause, "not_found")) return;
      removed.current.delete(message.id);
      setMessages((current) =>
        mergeMessages(current, [message], removed.current),
      );
      setError(friendlyMessage(cause, chatErrorWords));
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void send();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (
      event.key !== "Enter" ||
      event.shiftKey ||
      event.nativeEvent.isComposing
    )
      return;
    event.preventDefault();
    void send();
  }

  function retryLoad() {
    setLoadState("loading");
    setLoadError(null);
    catchUp();
  }

  const headingId = useId();
  const inputId = useId();
  const counterId = useId();
  const remaining = maxMessageChars - charCount(draft);
  const showCounter = remaining <= counterThreshold;

  return (
    <section className="live-chat" aria-labelledby={headingId}>
      <h2 id={headingId}>Live chat</h2>
      {loadState === "failed" ? (
        <ErrorMessage error={loadError} onRetry={retryLoad} />
      ) : null}
      {loadState === "loading" && messages.length === 0 ? (
        <p className="muted">Loading chat…</p>
      ) : null}
      {loadState === "ready" && messages.length === 0 ? (
        <p className="muted">
          {chatEnded ? "No messages." : "No messages yet. Say hello!"}
        </p>
      ) : null}
      <div
        ref={logRef}
        className="chat-log"
        role="log"
        aria-live="polite"
        aria-label="Chat messages"
        tabIndex={0}
        onScroll={onScroll}
      >
        <ol className="chat-messages">
          {messages.map((message) => (
            <li key={message.id} className="chat-message">
              <span
                className="chat-author"
                title={`@${message.author.handle} · ${formatDateTime(message.createdAt)}`}
              >
                {message.author.displayName}
              </span>{" "}
              {message.author.id === ownerId ? (
                <>
                  <span className="pill chat-host">Host</span>{" "}
                </>
              ) : null}
              <span className="chat-text">{message.text}</span>
              {canModerate ? (
                <button
                  type="button"
                  className="link-button chat-remove"
                  aria-label={`Remove message from ${message.author.displayName}`}
                  onClick={() => void remove(message)}
                >
                  Remove
                </button>
              ) : null}
            </li>
          ))}
        </ol>
      </div>
      {unseen ? (
        <button type="button" className="chat-jump" onClick={showNewest}>
          New messages <span aria-hidden="true">↓</span>
        </button>
      ) : null}
      {chatEnded ? (
        <p className="chat-ended">Chat has ended</p>
      ) : user === null ? (
        status === "loading" ? null : (
          <p className="chat-visitor">
            <Link
              className="button primary"
              to={`/signup?next=${encodeURIComponent(`${location.pathname}${location.search}`)}`}
            >
              Sign up to chat
            </Link>
          </p>
        )
      ) : (
        <form ref={formRef} className="chat-form" onSubmit={onSubmit}>
          <label htmlFor={inputId} className="visually-hidden">
            Chat message
          </label>
          <textarea
            id={inputId}
            ref={inputRef}
            rows={2}
            value={draft}
            placeholder="Say something…"
            disabled={sending}
            enterKeyHint="send"
            aria-describedby={showCounter ? counterId : undefined}
            onChange={(event) =>
              setDraft(limitChars(event.target.value, maxMessageChars))
            }
            onKeyDown={onKeyDown}
          />
          <div className="row spread">
            <span
              id={counterId}
              className={`chat-counter${remaining <= 0 ? " at-limit" : ""}`}
            >
              {showCounter ? `${remaining} characters left` : ""}
            </span>
            <button
              type="submit"
              className="primary"
              disabled={sending || draft.trim() === ""}
            >
              {sending ? "Sending…" : "Send"}
            </button>
          </div>
        </form>
      )}
      {error !== null ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
