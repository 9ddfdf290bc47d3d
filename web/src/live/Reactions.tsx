import { useEffect, useId, useRef, useState } from "react";
import {
  isApiError,
  react,
  reactionKinds,
  type ReactionCounts,
  type ReactionKind,
} from "../api/client";
import { useServerEvents, useWatchStream } from "../app/EventSocketContext";
import { readChatEvent } from "./chatEvents";

const looks: Record<ReactionKind, { emoji: string; name: string }> = {
  heart: { emoji: "❤️", name: "heart" },
  fire: { emoji: "🔥", name: "fire" },
  clap: { emoji: "👏", name: "clap" },
  laugh: { emoji: "😂", name: "laugh" },
  wow: { emoji: "😮", name: "wow" },
};

/** Floating emoji per kind in one batch, and on screen at once: a few, never hundreds. */
const maxBurstsPerKind = 3;
const maxBursts = 24;
/** A burst's animation (styles.css `.reaction-burst`) and the stagger within a batch. */
const burstMs = 1600;
const staggerMs = 150;
/** After a rate-limited click the buttons rest this long. */
const cooldownMs = 1000;

interface Burst {
  id: number;
  kind: ReactionKind;
  /** Horizontal position, % of the burst area. */
  left: number;
  delayMs: number;
}

const noCounts = (): Record<ReactionKind, number> => ({
  heart: 0,
  fire: 0,
  clap: 0,
  laugh: 0,
  wow: 0,
});

/**
 * Reaction buttons for a stream, with everyone's reactions (from `/ws` batches) floating up and
 * counted for this visit. Failures stay quiet: a rate-limited click only rests the buttons.
 */
export function Reactions({ streamId }: { streamId: string }) {
  const [counts, setCounts] = useState(noCounts);
  const [bursts, setBursts] = useState<readonly Burst[]>([]);
  const [coolingDown, setCoolingDown] = useState(false);
  const cooling = useRef(false);
  const nextBurstId = useRef(0);
  const alive = useRef(true);
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());
  const idPrefix = useId();

  useEffect(() => {
    alive.current = true;
    const pending = timers.current;
    return () => {
      alive.current = false;
      for (const timer of pending) clearTimeout(timer);
      pending.clear();
    };
  }, []);

  function later(run: () => void, ms: number) {
    if (!alive.current) return;
    const timer = setTimeout(() => {
      timers.current.delete(timer);
      run();
    }, ms);
    timers.current.add(timer);
  }

  function showBatch(batch: ReactionCounts) {
    setCounts((current) => {
      const next = { ...current };
      for (const kind of reactionKinds) next[kind] += batch[kind] ?? 0;
      return next;
    });
    const added: Burst[] = [];
    for (const kind of reactionKinds) {
      const shown = Math.min(batch[kind] ?? 0, maxBurstsPerKind);
      for (let i = 0; i < shown; i += 1) {
        added.push({
          id: nextBurstId.current++,
          kind,
          left: 5 + Math.random() * 80,
          delayMs: i * staggerMs,
        });
      }
    }
    if (added.length === 0) return;
    setBursts((current) => [...current, ...added].slice(-maxBursts));
    const ids = new Set(added.map((b) => b.id));
    later(
      () => setBursts((current) => current.filter((b) => !ids.has(b.id))),
      burstMs + maxBurstsPerKind * staggerMs,
    );
  }

  useWatchStream(streamId);
  useServerEvents((event) => {
    const chat = readChatEvent(event, streamId);
    if (chat?.kind === "reactions") showBatch(chat.counts);
  });

  function send(kind: ReactionKind) {
    if (cooling.current) return;
    react(streamId, kind).catch((error: unknown) => {
      if (!isApiError(error, "rate_limited") || !alive.current) return;
      cooling.current = true;
      setCoolingDown(true);
      later(() => {
        cooling.current = false;
        setCoolingDown(false);
      }, cooldownMs);
    });
  }

  return (
    <div className="reactions">
      <div className="reaction-bursts" aria-hidden="true">
        {bursts.map((burst) => (
          <span
            key={burst.id}
            className="reaction-burst"
            data-testid="reaction-burst"
            data-kind={burst.kind}
            style={{
              left: `${burst.left}%`,
              animationDelay: `${burst.delayMs}ms`,
            }}
          >
            {looks[burst.kind].emoji}
          </span>
        ))}
      </div>
      <div className="reaction-buttons" role="group" aria-label="Reactions">
        {reactionKinds.map((kind) => {
          const countId = `${idPrefix}-${kind}`;
          return (
            <button
              key={kind}
              type="button"
              className="reaction"
              aria-label={`React with ${looks[kind].name}`}
              aria-describedby={countId}
              aria-disabled={coolingDown || undefined}
              onClick={() => send(kind)}
            >
              <span aria-hidden="true">{looks[kind].emoji}</span>
              <span className="reaction-count" aria-hidden="true">
                {counts[kind] > 0 ? counts[kind] : ""}
              </span>
              <span id={countId} className="visually-hidden">
                {counts[kind] > 0 ? `${counts[kind]} so far` : ""}
              </span>
            </button>
          );
        })}
      </div>
    </div>
  );
}
