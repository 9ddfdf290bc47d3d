import {
  useCallback,
  useEffect,
  useRef,
  useState,
  type TouchEvent,
} from "react";
import { Link } from "react-router";
import { ApiError, listReels, type Reel } from "../api/client";
import { Avatar } from "./Avatar";
import { ErrorMessage } from "./ErrorMessage";
import { ReportButton } from "../moderation/ReportButton";
import { ReelPlayer } from "./ReelPlayer";

interface Props {
  /** Reels uploaded in this session, shown first. */
  prepend?: Reel[];
}

const swipeThresholdPx = 50;

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable ||
      ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))
  );
}

/** The vertical reels feed: one reel at a time, autoplaying muted; arrow keys or swipes move. */
export function ReelsFeed({ prepend = [] }: Props) {
  const [reels, setReels] = useState<Reel[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [index, setIndex] = useState(0);
  const [muted, setMuted] = useState(true);
  const loading = useRef(false);
  const touchStartY = useRef<number | null>(null);

  const all = [
    ...prepend.filter((p) => !reels.some((r) => r.id === p.id)),
    ...reels,
  ];
  const current = all[index];

  const loadMore = useCallback((from: string | null) => {
    if (loading.current) return;
    loading.current = true;
    setError(null);
    listReels("all", from)
      .then(
        (page) => {
          setReels((existing) => [
            ...existing,
            ...page.items.filter((r) => !existing.some((e) => e.id === r.id)),
          ]);
          setCursor(page.nextCursor);
          setLoaded(true);
        },
        (cause: unknown) => setError(cause),
      )
      .finally(() => {
        loading.current = false;
      });
  }, []);

  useEffect(() => loadMore(null), [loadMore]);

  useEffect(() => {
    if (cursor !== null && index >= all.length - 2) loadMore(cursor);
  }, [index, all.length, cursor, loadMore]);

  const move = useCallback(
    (delta: number) =>
      setIndex((i) => Math.max(0, Math.min(all.length - 1, i + delta))),
    [all.length],
  );

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (
        isTyping(event.target) ||
        document.querySelector('[role="dialog"]') !== null
      )
        return;
      if (event.key === "ArrowDown" || event.key === "PageDown") {
        event.preventDefault();
        move(1);
      } else if (event.key === "ArrowUp" || event.key === "PageUp") {
        event.preventDefault();
        move(-1);
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [move]);

  function onTouchStart(event: TouchEvent) {
    touchStartY.current = event.touches[0]?.clientY ?? null;
  }

  function onTouchEnd(event: TouchEvent) {
    const start = touchStartY.current;
    const end = event.changedTouches[0]?.clientY;
    touchStartY.current = null;
    if (start === null || end === undefined) return;
    if (start - end > swipeThresholdPx) move(1);
    else if (end - start > swipeThresholdPx) move(-1);
  }

  // A server without reels answers the list with 404: nothing to show, and nothing to retry.
  if (error instanceof ApiError && error.status === 404 && all.length === 0)
    return <p className="muted">No reels yet.</p>;
  if (error !== null && all.length === 0)
    return <ErrorMessage error={error} onRetry={() => loadMore(null)} />;
  if (!loaded && all.length === 0)
    return (
      <p className="muted" role="status">
        Loading reels…
      </p>
    );
  if (current === undefined)
    return <p className="muted">No reels yet. Upload the first one!</p>;

  return (
    <section
      className="reels-feed"
      aria-label="Reels"
      aria-roledescription="feed"
      onTouchStart={onTouchStart}
      onTouchEnd={onTouchEnd}
    >
      <article
        className="reel"
        aria-label={`${current.title} by ${current.author.displayName}`}
        aria-posinset={index + 1}
        aria-setsize={all.length}
      >
        <ReelPlayer
          key={current.id}
          reel={current}
          variant="feed"
          muted={muted}
          onMutedChange={setMuted}
        />
        <div className="reel-info">
          <p className="reel-byline">
            <Avatar user={current.author} />
            <Link to={`/u/${encodeURIComponent(current.author.handle)}`}>
              @{current.author.handle}
            </Link>
          </p>
          <h2>
            <Link to={`/reels/${encodeURIComponent(current.id)}`}>
              {current.title}
            </Link>
          </h2>
          {current.description !== "" ? <p>{current.description}</p> : null}
          {current.sourceStreamId !== null ? (
            <p className="muted">Recorded live</p>
          ) : null}
        </div>
      </article>
      <div className="reel-nav">
        <button
          type="button"
          onClick={() => move(-1)}
          disabled={index === 0}
          aria-label="Previous reel"
        >
          ↑
        </button>
        <span aria-live="polite">
          {index + 1} / {all.length}
          {cursor !== null ? "+" : ""}
        </span>
        <button
          type="button"
          onClick={() => move(1)}
          disabled={index >= all.length - 1}
          aria-label="Next reel"
        >
          ↓
        </button>
        {/* Named for what it does: a label that flips is not also a pressed toggle. */}
        <button type="button" onClick={() => setMuted((m) => !m)}>
          {muted ? "Turn sound on" : "Turn sound off"}
        </button>
        <ReportButton
          key={current.id}
          itemType="reel"
          itemId={current.id}
          subject={`the reel “${current.title}”`}
          ownerId={current.author.id}
        />
      </div>
    </section>
  );
}
