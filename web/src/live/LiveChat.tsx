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
  banUser,
  follow,
  isApiError,
  liftBan,
  listChat,
  removeChatMessage,
  sendChat,
  type ChatMessage,
  type User,
} from "../api/client";
import { chatErrorMessages, friendlyMessage } from "../api/errorMessages";
import { useAuth } from "../app/AuthContext";
import {
  useEventSocket,
  useServerEvents,
  useWatchStream,
} from "../app/EventSocketContext";
import { ErrorMessage } from "../components/ErrorMessage";
import { formatDateTime } from "../lib/time";
import { BanDialog, type BanChoice } from "./BanDialog";
import { ReportDialog } from "../moderation/ReportDialog";
import { ChatMessageMenu, type ChatMessageAction } from "./ChatMessageMenu";
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

/** "Time out 10 minutes", in seconds. */
const timeoutSeconds = 600;
/** How often the slow-mode countdown on the Send button is redrawn. */
const countdownTickMs = 250;

interface Props {
  streamId: string;
  /** The stream's creator: the channel bans and chat rules belong to. */
  creator: Pick<User, "id" | "handle" | "displayName">;
  /** The stream has ended: the history stays, the input goes. */
  ended: boolean;
  /**
   * This user moderates the channel (the join's `canModerate`; the creator on their broadcast).
   * Undefined: the creator and admins do.
   */
  canModerate?: boolean;
  /** The server said this user is banned (`until` null: for good) when they wrote. */
  onBanned?: (until: string | null) => void;
}

/** A moderation result under the chat: "Banned @x." with a way to undo it. */
interface ModerationStatus {
  text: string;
  /** The handle whose ban Undo lifts. */
  undo?: string;
}

/** A moderator's actions on a message; everyone signed in may also report it. */
const moderatorActions: readonly ChatMessageAction[] = [
  "remove",
  "timeout",
  "ban",
  "report",
];
const viewerActions: readonly ChatMessageAction[] = ["report"];

/**
 * A stream's live chat: the history on mount, new messages from `/ws` (caught up with `after=`
 * whenever the event socket opens again), a composer that keeps to the creator's chat rules (a
 * slow-mode countdown, a follow prompt, the minimum follow time), and a menu on others' messages:
 * "Report message" for everyone signed in, and for moderators also remove, time out and ban. Mount
 * it with `key={streamId}`: it keeps one stream's messages.
 */
export function LiveChat({
  streamId,
  creator,
  ended,
  canModerate: moderates,
  onBanned,
}: Props) {
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
  /** Slow mode: no sending before this time (ms since the epoch). */
  const [slowUntil, setSlowUntil] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  /** Followers-only chat refused a message: offer to follow. */
  const [needsFollow, setNeedsFollow] = useState(false);
  const [following, setFollowing] = useState(false);
  /** A time-out or ban waiting for the moderator's confirmation. */
  const [confirming, setConfirming] = useState<{
    kind: "timeout" | "ban";
    user: User;
  } | null>(null);
  const [banBusy, setBanBusy] = useState(false);
  const [banError, setBanError] = useState<string | null>(null);
  const [moderationStatus, setModerationStatus] =
    useState<ModerationStatus | null>(null);
  /** The message being reported to the operators. */
  const [reporting, setReporting] = useState<ChatMessage | null>(null);

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

  const canModerate =
    user !== null && (moderates ?? (user.isAdmin || user.id === creator.id));
  const chatEnded = ended || closed;
  /** The slow-mode alert, cleared with the countdown. */
  const slowModeError = useRef<string | null>(null);

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

  /** Everything a banned author wrote goes at once (the server removes it and says so too). */
  const dropAuthor = useCallback((authorId: string) => {
    setMessages((current) => {
      for (const m of current)
        if (m.author.id === authorId) removed.current.add(m.id);
      return current.filter((m) => m.author.id !== authorId);
    });
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

  // The countdown on the Send button; at its end the slow-mode alert goes too.
  useEffect(() => {
    if (slowUntil === null) return undefined;
    const timer = setInterval(() => {
      const time = Date.now();
      setNow(time);
      if (time < slowUntil) return;
      setSlowUntil(null);
      setError((current) =>
        current !== null && current === slowModeError.current ? null : current,
      );
    }, countdownTickMs);
    return () => clearInterval(timer);
  }, [slowUntil]);

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
    if (text === "" || sending || chatEnded || slowUntil !== null) return;
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
      refused(cause);
    } finally {
      if (alive.current) setSending(false);
    }
  }

  /** Says why a message was refused, and what to do about it. */
  function refused(cause: unknown) {
    if (isApiError(cause, "stream_ended")) {
      setClosed(true);
      return;
    }
    if (isApiError(cause, "followers_only")) {
      // A follower who followed too recently for the creator's minimum follow time waits.
      if (typeof cause.details.retryAfterSeconds === "number")
        setError(friendlyMessage(cause));
      else setNeedsFollow(true);
      return;
    }
    const text = friendlyMessage(cause, chatErrorMessages);
    setError(text);
    if (isApiError(cause, "slow_mode")) {
      const seconds = cause.details.retryAfterSeconds;
      const wait = typeof seconds === "number" && seconds > 0 ? seconds : 1;
      const time = Date.now();
      slowModeError.current = text;
      setNow(time);
      setSlowUntil(time + wait * 1000);
    } else if (isApiError(cause, "banned")) {
      const until = cause.details.until;
      onBanned?.(typeof until === "string" ? until : null);
    }
  }

  async function followToChat() {
    setFollowing(true);
    setError(null);
    try {
      await follow(creator.handle);
      if (!alive.current) return;
      setNeedsFollow(false);
      inputRef.current?.focus();
    } catch (cause) {
      if (alive.current) setError(friendlyMessage(cause));
    } finally {
      if (alive.current) setFollowing(false);
    }
  }

  function onMessageAction(action: ChatMessageAction, message: ChatMessage) {
    if (action === "report") {
      setReporting(message);
      return;
    }
    setModerationStatus(null);
    if (action === "remove") {
      void remove(message);
      return;
    }
    setBanError(null);
    setConfirming({ kind: action, user: message.author });
  }

  async function confirmBan({ removeMessages, reason }: BanChoice) {
    if (confirming === null) return;
    const { kind, user: target } = confirming;
    setBanBusy(true);
    setBanError(null);
    try {
      await banUser(creator.handle, {
        handle: target.handle,
        durationSeconds: kind === "timeout" ? timeoutSeconds : null,
        removeMessages,
        ...(reason !== "" ? { reason } : {}),
      });
      if (!alive.current) return;
      if (removeMessages) dropAuthor(target.id);
      setConfirming(null);
      setModerationStatus({
        text:
          kind === "timeout"
            ? `Timed out @${target.handle} for 10 minutes.`
            : `Banned @${target.handle}.`,
        undo: target.handle,
      });
    } catch (cause) {
      if (alive.current) setBanError(friendlyMessage(cause));
    } finally {
      if (alive.current) setBanBusy(false);
    }
  }

  async function undoBan(handle: string) {
    setModerationStatus({ text: `Lifting the ban on @${handle}…` });
    try {
      await liftBan(creator.handle, handle);
      if (alive.current)
        setModerationStatus({ text: `Lifted the ban on @${handle}.` });
    } catch (cause) {
      if (!alive.current) return;
      setModerationStatus(null);
      setError(friendlyMessage(cause));
    }
  }

  // A banned author's messages (and the menu that had focus) may be gone: keep focus in the chat.
  useEffect(() => {
    if (moderationStatus === null || confirming !== null) return;
    if (document.activeElement === document.body) logRef.current?.focus();
  }, [moderationStatus, confirming]);

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
      setError(friendlyMessage(cause, chatErrorMessages));
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
  const slowSecondsLeft =
    slowUntil === null ? 0 : Math.max(1, Math.ceil((slowUntil - now) / 1000));

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
              {message.author.id === creator.id ? (
                <>
                  <span className="pill chat-host">Host</span>{" "}
                </>
              ) : null}
              <span className="chat-text">{message.text}</span>
              {user !== null && message.author.id !== user.id ? (
                <ChatMessageMenu
                  authorName={message.author.displayName}
                  actions={
                    canModerate && message.author.id !== creator.id
                      ? moderatorActions
                      : viewerActions
                  }
                  onAction={(action) => onMessageAction(action, message)}
                />
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
              disabled={sending || draft.trim() === "" || slowUntil !== null}
            >
              {sending
                ? "Sending…"
                : slowUntil !== null
                  ? `Send in ${slowSecondsLeft} s`
                  : "Send"}
            </button>
          </div>
        </form>
      )}
      {needsFollow && !chatEnded ? (
        <div className="chat-follow">
          <p role="alert">{chatErrorMessages.followers_only}</p>
          <button
            type="button"
            className="primary"
            disabled={following}
            onClick={() => void followToChat()}
          >
            {following ? "Following…" : `Follow @${creator.handle} to chat`}
          </button>
        </div>
      ) : null}
      {error !== null ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
      {canModerate ? (
        <p className="chat-moderation-status" role="status">
          {moderationStatus?.text}
          {moderationStatus?.undo !== undefined ? (
            <>
              {" "}
              <button
                type="button"
                className="link-button"
                onClick={() => void undoBan(moderationStatus.undo!)}
              >
                Undo
              </button>
            </>
          ) : null}
        </p>
      ) : null}
      {confirming !== null ? (
        <BanDialog
          kind={confirming.kind}
          user={confirming.user}
          busy={banBusy}
          error={banError}
          onConfirm={(choice) => void confirmBan(choice)}
          onClose={() => setConfirming(null)}
        />
      ) : null}
      {reporting !== null ? (
        <ReportDialog
          itemType="chat_message"
          itemId={reporting.id}
          subject={`${reporting.author.displayName}'s message`}
          quote={reporting.text}
          onClose={() => setReporting(null)}
        />
      ) : null}
    </section>
  );
}
