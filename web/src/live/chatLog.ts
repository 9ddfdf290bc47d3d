import type { ChatMessage } from "../api/client";

/** The server's limit on a message, in characters (code points) once trimmed. */
export const maxMessageChars = 500;

/** How many messages a chat keeps on screen; older ones drop off the top. */
export const maxKeptMessages = 500;

/** Orders message ids: increasing whole numbers sent as strings ("9" before "10"). */
export function compareMessageIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The later of two ids; null counts as before every id. */
export function laterId(a: string | null, b: string): string {
  return a === null || compareMessageIds(b, a) > 0 ? b : a;
}

/**
 * `current` with the messages of `incoming` it lacks (by id), minus `removed`, oldest first, at
 * most `max` (the newest). Returns `current` itself when nothing is new, so React skips a render.
 */
export function mergeMessages(
  current: readonly ChatMessage[],
  incoming: readonly ChatMessage[],
  removed: ReadonlySet<string> = new Set(),
  max = maxKeptMessages,
): readonly ChatMessage[] {
  const known = new Set(current.map((m) => m.id));
  const fresh: ChatMessage[] = [];
  for (const message of incoming) {
    if (known.has(message.id) || removed.has(message.id)) continue;
    known.add(message.id);
    fresh.push(message);
  }
  if (fresh.length === 0) return current;
  const merged = [...current, ...fresh].sort((a, b) =>
    compareMessageIds(a.id, b.id),
  );
  return merged.length > max ? merged.slice(merged.length - max) : merged;
}

/** Characters as the server counts them: code points, so an emoji is one (not two). */
export function charCount(text: string): number {
  return Array.from(text).length;
}

/** `text` cut to at most `max` code points (never splitting a surrogate pair). */
export function limitChars(text: string, max: number): string {
  if (text.length <= max) return text;
  return Array.from(text).slice(0, max).join("");
}
